import { OffprintError } from '../../shared/errors';
import { serveRequests } from '../workers/worker-host';
import { type DomTaskName, domTasks } from './dom-tasks';

// Runs one DOM task per request; errors travel back as {code, message} values.
serveRequests(
  (payload) => {
    const { task, args } = payload as { task: DomTaskName; args: unknown[] };
    return (domTasks[task] as (...a: unknown[]) => unknown)(...args);
  },
  (error) =>
    error instanceof OffprintError ? error.toValue() : { code: 'extraction-failed', message: `Offprint could not read that page: ${(error as Error)?.message ?? String(error)}` },
);
