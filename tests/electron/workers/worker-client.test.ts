import { afterEach, describe, expect, it } from 'vitest';
import { WorkerClient, type WorkerFailure } from '../../../electron/workers/worker-client';

const clients: WorkerClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function client(options: { timeoutMs?: number; onCall?: (payload: unknown) => Promise<unknown>; onStopped?: () => void } = {}) {
  const made = new WorkerClient({
    entry: 'echo-worker',
    from: import.meta.url,
    describe: (failure: WorkerFailure) => new Error(JSON.stringify(failure)),
    ...options,
  });
  clients.push(made);
  return made;
}

describe('electron/workers/worker-client', () => {
  it('starts the worker on first use and matches each answer to its request', async () => {
    const echo = client();
    expect(echo.running).toBe(false);
    const answers = await Promise.all([1, 2, 3].map((n) => echo.request({ op: 'echo', value: n })));
    expect(answers).toEqual([1, 2, 3]);
    expect(echo.running).toBe(true);
  });

  it('gives a refusal inside the worker to the caller as it was, and the worker goes on', async () => {
    const echo = client();
    await expect(echo.request({ op: 'refuse' })).rejects.toThrow(JSON.stringify({ kind: 'refused', error: { code: 'invalid-argument', message: 'refused on purpose' } }));
    await expect(echo.request({ op: 'echo', value: 'still here' })).resolves.toBe('still here');
  });

  it('stops a worker that runs past the time limit, and the next request gets a new one', async () => {
    const echo = client();
    // A request that never ends is cut off however busy the machine is; the others have no limit.
    const hung = echo.request({ op: 'hang' }, { timeoutMs: 200 });
    const first = echo.threadId;
    await expect(hung).rejects.toThrow('"kind":"timeout","ms":200');
    await expect(echo.request({ op: 'echo', value: 'again' })).resolves.toBe('again');
    expect(echo.threadId).not.toBe(first);
  });

  it('fails the pending requests of a worker that exits, and tells onStopped; a later request works', async () => {
    let stopped = 0;
    const echo = client({ onStopped: () => stopped++ });
    const pending = echo.request({ op: 'hang' });
    await expect(echo.request({ op: 'crash' })).rejects.toThrow('"kind":"exit","code":3');
    await expect(pending).rejects.toThrow('"kind":"exit"');
    expect(stopped).toBe(1);
    await expect(echo.request({ op: 'echo', value: 1 })).resolves.toBe(1);
  });

  it('answers the worker\'s own calls on this thread', async () => {
    const echo = client({ onCall: async (payload) => `answer to ${(payload as { question: string }).question}` });
    await expect(echo.request({ op: 'ask-parent', value: 'why' })).resolves.toEqual({ parentSaid: 'answer to why' });
  });
});
