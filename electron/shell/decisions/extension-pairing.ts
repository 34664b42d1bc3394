import type { ExtensionPairingRequest } from '../../../shared/extension-protocol';

/**
 * The desktop app's prompt when the browser extension asks to pair (issue 16): a native dialog
 * with the code the extension shows, so the reader approves only the extension in front of them.
 * Refusing is the default and what Escape does.
 */
export interface PairingPrompt {
  type: 'question';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: true;
}

const APPROVE = 0;
const REFUSE = 1;

export function pairingPrompt(request: ExtensionPairingRequest): PairingPrompt {
  return {
    type: 'question',
    title: 'Pair the browser extension?',
    message: `“${request.name}” asks to save pages into this library.`,
    detail:
      `The extension shows the code ${request.code}. Approve only if it shows the same code and you asked it to pair just now.\n\n` +
      `It will be able to add articles until you revoke it in Settings. (${request.origin})`,
    buttons: ['Approve', 'Refuse'],
    defaultId: REFUSE,
    cancelId: REFUSE,
    noLink: true,
  };
}

/** What the reader's button means. */
export function pairingAnswer(response: number): 'approve' | 'refuse' {
  return response === APPROVE ? 'approve' : 'refuse';
}
