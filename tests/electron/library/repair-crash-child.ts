/**
 * The process tests/electron/library/repair-crash.test.ts kills: it opens a damaged library (which
 * repairs it) through a file-system seam that counts every call that changes the disk, and at the
 * n-th one prints `{"stopped": n}` and waits to be killed. A run that needs fewer calls prints
 * `{"done": calls}` and exits.
 *
 * argv: dataDir stopAt
 */
import type { LibraryFs } from '../../../electron/library/storage';
import { realFs } from '../../../electron/library/storage';
import { Library } from '../../../electron/library/library';

const [dataDir, stopArg] = process.argv.slice(2);
const stopAt = Number(stopArg);
let calls = 0;

function gate(): Promise<void> {
  calls++;
  if (calls !== stopAt) return Promise.resolve();
  process.stdout.write(`${JSON.stringify({ stopped: calls })}\n`);
  return new Promise(() => undefined); // never: the parent kills this process here
}

const counted = <K extends 'rename' | 'rm' | 'rmdir' | 'mkdir' | 'unlink'>(name: K): LibraryFs[K] =>
  (async (...args: unknown[]) => {
    await gate();
    return (realFs[name] as (...a: unknown[]) => unknown)(...args);
  }) as LibraryFs[K];

const fs: LibraryFs = {
  ...realFs,
  rename: counted('rename'),
  rm: counted('rm'),
  rmdir: counted('rmdir'),
  mkdir: counted('mkdir'),
  unlink: counted('unlink'),
  open: (async (path: string, flags?: string, mode?: number) => {
    if (flags && flags !== 'r') await gate();
    const handle = await realFs.open(path, flags, mode);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      await gate();
      return sync();
    };
    return handle;
  }) as LibraryFs['open'],
};

const library = await Library.open({ dataDir: dataDir!, fs, now: () => new Date('2026-06-01T12:00:00.000Z') });
await library.close();
process.stdout.write(`${JSON.stringify({ done: calls })}\n`);
