import type { SaveAnswer } from '../../shared/extension-protocol';

/** What the extension's pages (popup, options) ask its background, and what it answers. */
export type BackgroundRequest = { type: 'save-tab'; tabId: number; selection: boolean } | { type: 'deliver' } | { type: 'status' };

export type SaveOutcome =
  | { status: 'saved'; answer: SaveAnswer }
  | { status: 'queued'; waiting: number; reason: string }
  | { status: 'failed'; code: string; message: string };

export interface BackgroundStatus {
  waiting: number;
  /** The last reason a save could not be delivered, while saves wait. */
  reason: string | null;
}

export type BackgroundAnswer<R extends BackgroundRequest> = R['type'] extends 'save-tab' ? SaveOutcome : BackgroundStatus;

/** Sends a request to the background and waits for its answer. */
export function ask<R extends BackgroundRequest>(request: R): Promise<BackgroundAnswer<R>> {
  return chrome.runtime.sendMessage(request);
}
