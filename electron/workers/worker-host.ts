import { parentPort } from 'node:worker_threads';
import type { ToParent, ToWorker } from './protocol';

/**
 * The worker's side of WorkerClient (worker-client.ts): answers each request with `handle`
 * (failures travel back as `{code, message}` values from `toError`), and gives `callParent` for
 * calls on the main thread.
 */
export function serveRequests(
  handle: (payload: unknown, callParent: (payload: unknown) => Promise<unknown>) => Promise<unknown> | unknown,
  toError: (error: unknown) => { code: string; message: string },
): void {
  const port = parentPort!;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextCall = 1;
  const callParent = (payload: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextCall++;
      waiting.set(id, { resolve, reject });
      port.postMessage({ kind: 'call', id, payload } satisfies ToParent);
    });
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'answer') {
      const call = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.ok) call?.resolve(message.value);
      else call?.reject(new Error(message.message));
      return;
    }
    Promise.resolve()
      .then(() => handle(message.payload, callParent))
      .then(
        (value) => port.postMessage({ kind: 'reply', id: message.id, ok: true, value } satisfies ToParent),
        (error: unknown) => port.postMessage({ kind: 'reply', id: message.id, ok: false, error: toError(error) } satisfies ToParent),
      );
  });
}
