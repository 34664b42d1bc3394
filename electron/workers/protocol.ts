/**
 * The messages between the main process and its worker threads, the same for every worker: the
 * parent sends requests and answers the worker's calls; the worker answers requests and may call
 * the parent (the search worker reads the library this way).
 */
export type ToWorker = { kind: 'request'; id: number; payload: unknown } | { kind: 'answer'; id: number; ok: true; value: unknown } | { kind: 'answer'; id: number; ok: false; message: string };

export type ToParent =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: { code: string; message: string } }
  | { kind: 'call'; id: number; payload: unknown };
