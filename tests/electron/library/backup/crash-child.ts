/**
 * The process backup-crash.test.ts kills (run with `node --import tsx`, never by vitest). It makes
 * one backup (under the library's lock, as `offprint backup` does) or one restore through the real
 * disk seam; before the chosen call (`pause`: the n-th call of an op) it prints
 * `{"paused": …}` and waits for ever, so the test kills it at exactly that point. Without a pause it
 * runs to the end and prints `{"done": {op: count}}`, which the test uses to choose the points.
 *
 * argv: one JSON object { mode: 'backup' | 'restore', from, to, pause?: { op, n } }
 */
import { lockForBackup, restoreBackup, writeBackup } from '../../../../electron/library/backup';
import { faultyFs } from './helpers';

interface Spec {
  mode: 'backup' | 'restore';
  from: string;
  to: string;
  pause?: { op: string; n: number };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as Spec;

function emit(line: unknown): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const { fs, counts } = faultyFs(
    () => null,
    undefined,
    async (call, n) => {
      if (spec.pause && call.op === spec.pause.op && n === spec.pause.n) {
        emit({ paused: `${call.op} ${n} ${call.path}` });
        await new Promise(() => undefined);
      }
    },
  );
  if (spec.mode === 'backup') {
    const access = await lockForBackup(spec.from);
    await writeBackup(spec.from, spec.to, { fs });
    await access.release();
  } else {
    await restoreBackup(spec.from, spec.to, { fs });
  }
  emit({ done: Object.fromEntries(counts) });
}

main().catch((error: unknown) => {
  emit({ error: String((error as Error).stack ?? error) });
  process.exitCode = 1;
});
