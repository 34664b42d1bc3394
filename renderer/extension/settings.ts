/// <reference types="chrome" />
import { type Connection, DEFAULT_CONNECTION } from './channel';
import type { Store } from './queue';

/**
 * The extension's own storage (chrome.storage.local: no web page and no other extension can read
 * it): where Offprint listens, the token from pairing, and the queue of waiting saves.
 */
export const extensionStore: Store = {
  async get<T>(key: string) {
    return (await chrome.storage.local.get(key))[key] as T | undefined;
  },
  set: (key, value) => chrome.storage.local.set({ [key]: value }),
};

export async function loadConnection(): Promise<Connection> {
  return { ...DEFAULT_CONNECTION, ...(await extensionStore.get<Partial<Connection>>('connection')) };
}

export async function saveConnection(change: Partial<Connection>): Promise<Connection> {
  const next = { ...(await loadConnection()), ...change };
  await extensionStore.set('connection', next);
  return next;
}
