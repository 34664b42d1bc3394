import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Extractor } from '../../../../electron/capture/extractor';
import { restoreBackup, writeBackup } from '../../../../electron/library/backup';
import { runCliCaptured } from '../../../helpers/cli';
import { makeLibrary, tree } from './helpers';

/**
 * kill -9 during a backup and during a restore, at chosen points: a child process
 * (crash-child.ts) stops just before the n-th call of one disk operation and says so on
 * stdout, and is killed there. After each kill: the previous archive (or the target) is as it was,
 * what the kill left is there to be found, and the next run of the same command removes it, says
 * so, and succeeds. The points are chosen from a run of the child that is not killed (how many
 * writes, renames… it makes), so they cover the first, a middle and the last of each.
 */

const ROOT = resolve(__dirname, '../../../..');
const CHILD = join(__dirname, 'crash-child.ts');
const extractor = new Extractor();
let work: string;
let source: string;
let previous: Buffer;
/** Per kind of trial: kills, leftover files found after a kill, and those still there after the next run. */
const totals: Record<string, { kills: number; leftoversFound: number; leftoversAfterNextRun: number }> = {};
const tally = (kind: string) => (totals[kind] ??= { kills: 0, leftoversFound: 0, leftoversAfterNextRun: 0 });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'offprint-backup-crash-'));
  source = join(work, 'source');
  await makeLibrary(source, { articles: 4, imageBytes: 256 * 1024 });
  await writeBackup(source, join(work, 'previous.tar.gz'));
  previous = await readFile(join(work, 'previous.tar.gz'));
  // The library changes after the previous archive, so the next one differs from it.
  await makeLibrary(source, { articles: 1, imageBytes: 64 * 1024, seed: 2 });
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  console.log(`backup crash trials: ${JSON.stringify(totals)}`);
});

function run(...argv: string[]) {
  return runCliCaptured(argv, extractor);
}

/** Runs the child; resolves with what it printed once it paused (then it is killed) or finished. */
async function child(spec: { mode: 'backup' | 'restore'; from: string; to: string; pause?: { op: string; n: number } }): Promise<{ paused?: string; done?: Record<string, number> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(spec)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let buffered = '';
  proc.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<void>((ok) => proc.once('exit', () => ok()));
  const message = await new Promise<{ paused?: string; done?: Record<string, number>; error?: string }>((ok, fail) => {
    proc.stdout.on('data', (chunk) => {
      buffered += chunk;
      const nl = buffered.indexOf('\n');
      if (nl >= 0) ok(JSON.parse(buffered.slice(0, nl)));
    });
    proc.once('exit', (code) => fail(new Error(`the child exited (${code}) without a word:\n${stderr}`)));
  });
  if (message.paused) {
    proc.kill('SIGKILL');
    tally(spec.mode === 'backup' ? 'backup' : `restore into ${spec.to.includes('/new/') ? 'a new folder' : 'an empty folder'}`).kills++;
  }
  await exited;
  if (message.error) throw new Error(message.error);
  if (!message.paused && !message.done) throw new Error(`unexpected: ${JSON.stringify(message)}`);
  return message;
}

/**
 * The first, a middle and the last call of each op, as pause points. How many writes a run makes
 * depends on how the compressed stream happens to be cut into chunks, which varies from run to run
 * on a busy machine, so for writes the last point is one well inside the count.
 */
function points(counts: Record<string, number>, ops: string[]): { op: string; n: number }[] {
  const out: { op: string; n: number }[] = [];
  for (const op of ops) {
    const count = counts[op] ?? 0;
    const last = op === 'write' ? Math.max(1, Math.floor(count * 0.75)) : count;
    if (count > 0) for (const n of new Set([1, Math.ceil(count / 2), last])) out.push({ op, n });
  }
  return out;
}

/** What a stopped backup or restore leaves in `dir` or in a folder of it: temporary archives and staging folders. */
async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).filter((p) => /(^|\/)([^/]+\.tmp|\.offprint-restore-[^/]+)$/.test(p));
}

describe('crash safety: kill -9 during backup and restore', () => {
  it('backup: killed at any point, the previous archive stays as it was and the next backup cleans up and succeeds (issue 17.8)', { timeout: 240_000 }, async () => {
    const dest = join(work, 'dest');
    await mkdir(dest);
    const out = join(dest, 'library.tar.gz');
    const dry = await child({ mode: 'backup', from: source, to: out });
    const trials = points(dry.done!, ['createFile', 'write', 'sync', 'close', 'rename', 'syncDirectory']);
    expect(trials.length).toBeGreaterThanOrEqual(7);
    for (const pause of trials) {
      const label = `${pause.op} ${pause.n}`;
      await writeFile(out, previous);
      const { paused } = await child({ mode: 'backup', from: source, to: out, pause });
      expect(paused, label).toBeDefined();
      const placed = pause.op === 'syncDirectory';
      if (!placed) expect(await readFile(out), label).toEqual(previous);
      const left = await leftovers(dest);
      // From the temporary file's creation until its rename, it is there to be found.
      if (['write', 'sync', 'close', 'rename'].includes(pause.op)) expect(left, label).toHaveLength(1);
      else expect(left, label).toHaveLength(0);
      tally('backup').leftoversFound += left.length;

      const next = await run('backup', '--out', out, '--data', source);
      expect(next.code, `${label}: ${next.err.join('\n')}`).toBe(0);
      if (left.length) {
        expect(next.err.join('\n'), label).toContain(`offprint: removed ${join(dest, left[0]!)}`);
        expect(next.err.join('\n'), label).toContain('left by a backup that was stopped before it finished');
      }
      tally('backup').leftoversAfterNextRun += (await leftovers(dest)).length;
      expect(await leftovers(dest), label).toEqual([]);
      expect(existsSync(join(source, 'lock')), label).toBe(false);
      const check = join(work, 'check');
      await restoreBackup(out, check);
      expect(await tree(check), label).toEqual(await tree(source));
      await rm(check, { recursive: true });
    }
  });

  it('what earlier versions left (temporary archives, mkdtemp staging folders) goes at the next run, with a line on stderr (issue 17.8)', async () => {
    const dest = join(work, 'earlier');
    await mkdir(join(dest, 'into'), { recursive: true });
    const out = join(dest, 'library.tar.gz');
    await writeFile(`${out}.0123456789ab.tmp`, Buffer.alloc(3 * 1024 * 1024));
    await writeFile(join(dest, 'other.tar.gz.0123456789ab.tmp'), 'another file\'s: kept');
    const backedUp = await run('backup', '--out', out, '--data', source);
    expect(backedUp.code, backedUp.err.join('\n')).toBe(0);
    expect(backedUp.err.join('\n')).toContain(`offprint: removed ${out}.0123456789ab.tmp (3 MB), left by a backup that was stopped before it finished.`);
    expect((await readdir(dest)).sort()).toEqual(['into', 'library.tar.gz', 'other.tar.gz.0123456789ab.tmp']);
    await mkdir(join(dest, 'into', '.offprint-restore-AbC123', 'articles'), { recursive: true });
    await writeFile(join(dest, 'into', '.offprint-restore-AbC123', 'state.json'), '{}');
    const restored = await run('restore', out, '--data', join(dest, 'into', 'library'));
    expect(restored.code, restored.err.join('\n')).toBe(0);
    expect(restored.err.join('\n')).toContain(`offprint: removed ${join(dest, 'into', '.offprint-restore-AbC123')} (0 MB), left by a restore that was stopped before it finished.`);
    expect(await readdir(join(dest, 'into'))).toEqual(['library']);
  });

  for (const kind of ['a new folder', 'an existing empty folder'] as const) {
    it(`restore into ${kind}: killed at any point, the next restore cleans up and succeeds (issues 17.8, 17.9)`, { timeout: 240_000 }, async () => {
      const archive = join(work, 'library.tar.gz');
      if (!existsSync(archive)) await writeBackup(source, archive);
      const archiveBytes = await readFile(archive);
      const parent = join(work, kind === 'a new folder' ? 'new' : 'empty');
      const target = join(parent, 'library');
      const reset = async () => {
        await rm(parent, { recursive: true, force: true });
        await mkdir(kind === 'a new folder' ? parent : target, { recursive: true });
      };
      await reset();
      const dry = await child({ mode: 'restore', from: archive, to: target });
      await reset();
      const trials = points(dry.done!, ['mkdir', 'createFile', 'write', 'rename', 'remove', 'syncDirectory']);
      for (const pause of trials) {
        const label = `${pause.op} ${pause.n}`;
        const { paused } = await child({ mode: 'restore', from: archive, to: target, pause });
        expect(paused, label).toBeDefined();
        const left = await leftovers(parent);
        const counted = tally(`restore into ${kind === 'a new folder' ? 'a new folder' : 'an empty folder'}`);
        counted.leftoversFound += left.length;
        const complete = existsSync(join(target, 'index')) && (await leftovers(target)).length === 0;

        const next = await run('restore', archive, '--data', target);
        if (complete) {
          // Killed after the library was in place: it is whole, and a second restore is refused.
          expect(next.err.join('\n'), label).toMatch(/is not empty/);
        } else {
          expect(next.code, `${label}: ${next.err.join('\n')}`).toBe(0);
          if (left.length) expect(next.err.join('\n'), label).toMatch(/offprint: removed .*\.offprint-restore-.*, left by a restore that was stopped before it finished\./);
        }
        counted.leftoversAfterNextRun += (await leftovers(parent)).length;
        expect(await leftovers(parent), label).toEqual([]);
        expect(await tree(target), label).toEqual(await tree(source));
        await reset();
      }
      // The archive itself was never touched.
      expect(await readFile(archive)).toEqual(archiveBytes);
    });
  }
});
