import { describe, expect, it } from 'vitest';
import { describeQuit, type QuitStep, runQuitSteps } from '../../../electron/shell/decisions/quit';

/** A promise with its resolve, so a test decides when a step or the time limit ends. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((ok) => (resolve = ok));
  return { promise, resolve };
}

describe('electron/shell/decisions/quit', () => {
  it('runs every step in order when they finish within the limit', async () => {
    const order: string[] = [];
    const steps: QuitStep[] = ['service', 'library', 'lock'].map((name) => ({ name, run: async () => void order.push(name) }));
    const report = await runQuitSteps(steps, new Promise(() => undefined));
    expect(order).toEqual(['service', 'library', 'lock']);
    expect(report).toEqual({ finished: ['service', 'library', 'lock'], failed: [], cutOff: null });
    expect(describeQuit(report, 5000)).toEqual([]);
  });

  it('a failing step is reported and the next still runs (the lock is released even if a flush fails)', async () => {
    const ran: string[] = [];
    const report = await runQuitSteps(
      [
        { name: 'library', run: async () => Promise.reject(new Error('disk full')) },
        { name: 'lock', run: async () => void ran.push('lock') },
      ],
      new Promise(() => undefined),
    );
    expect(ran).toEqual(['lock']);
    expect(report.failed).toEqual([{ name: 'library', message: 'disk full' }]);
    expect(describeQuit(report, 5000)[0]).toContain('disk full');
  });

  it('stops waiting when the time limit comes: the step then running is named, later steps do not run', async () => {
    const limit = deferred();
    const started = deferred();
    const later: string[] = [];
    const quitting = runQuitSteps(
      [
        { name: 'service', run: async () => undefined },
        { name: 'library', run: () => (started.resolve(), new Promise<void>(() => undefined)) },
        { name: 'lock', run: async () => void later.push('lock') },
      ],
      limit.promise,
    );
    await started.promise;
    limit.resolve();
    const report = await quitting;
    expect(report).toEqual({ finished: ['service'], failed: [], cutOff: 'library' });
    expect(later).toEqual([]);
    expect(describeQuit(report, 5000).join(' ')).toMatch(/5000 ms.*library/);
  });
});
