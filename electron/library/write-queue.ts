import { OffprintError } from '../../shared/errors';
import { UncertainWriteError } from './storage';

/**
 * One queue for every change to a library: each runs after the one before has finished (or
 * failed), so changes never interleave on disk. After a write whose outcome the disk left unknown
 * (UncertainWriteError) or a read-only open, changes are refused until the library is reopened.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private refusal: string | null;

  constructor(readOnly: string | null = null) {
    this.refusal = readOnly;
  }

  /** Runs `task` after every change queued before it. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const guarded = async () => {
      if (this.refusal) throw new OffprintError('storage', this.refusal);
      try {
        return await task();
      } catch (error) {
        if (error instanceof UncertainWriteError || (error as { cause?: unknown })?.cause instanceof UncertainWriteError) {
          this.refusal = 'Offprint stopped changing this library after the disk reported an error it could not confirm. Close and reopen Offprint to check the library; nothing will be written until then.';
        }
        throw error;
      }
    };
    const run = this.tail.then(guarded, guarded);
    this.tail = run.catch(() => undefined); // the caller gets the failure; the queue goes on
    return run;
  }

  /** Runs `task` in the queue even when changes are refused (reading in order with the changes). */
  runAlways<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined); // the caller gets the failure; the queue goes on
    return run;
  }

  /** Resolves once every task queued so far has finished. */
  async flush(): Promise<void> {
    await this.tail.catch(() => undefined); // failures belong to their callers
  }

  get writable(): boolean {
    return this.refusal === null;
  }
}
