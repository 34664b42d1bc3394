import { parentPort } from 'node:worker_threads';
import { OffprintError } from '../../shared/errors';
import { type DomTaskName, domTasks } from './dom-tasks';

// Runs one DOM task per message; errors travel back as {code, message} values.
parentPort!.on('message', (message: { id: number; task: DomTaskName; args: unknown[] }) => {
  try {
    const run = domTasks[message.task] as (...args: unknown[]) => unknown;
    parentPort!.postMessage({ id: message.id, ok: true, value: run(...message.args) });
  } catch (error) {
    const value =
      error instanceof OffprintError
        ? error.toValue()
        : { code: 'extraction-failed', message: `Offprint could not read that page: ${(error as Error)?.message ?? String(error)}` };
    parentPort!.postMessage({ id: message.id, ok: false, error: value });
  }
});
