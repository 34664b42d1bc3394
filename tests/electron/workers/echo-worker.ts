// A worker for tests/electron/workers/worker-client.test.ts: echoes, refuses, hangs, crashes or calls its parent on request.
import { serveRequests } from '../../../electron/workers/worker-host';

serveRequests(
  async (payload, callParent) => {
    const { op, value } = payload as { op: string; value?: unknown };
    if (op === 'echo') return value;
    if (op === 'refuse') throw Object.assign(new Error('refused on purpose'), { code: 'invalid-argument' });
    if (op === 'hang') return new Promise(() => undefined);
    if (op === 'crash') process.exit(3);
    if (op === 'ask-parent') return { parentSaid: await callParent({ question: value }) };
    throw new Error(`unknown op ${op}`);
  },
  (error) => ({ code: (error as { code?: string }).code ?? 'internal', message: (error as Error).message }),
);
