import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Extractor } from '../../../electron/capture/extractor';
import { acquireLibraryLock, isStale, LibraryLockedError, LOCK_FILE, readLock } from '../../../electron/library/lock';
import { openLibraryForReading } from '../../../electron/library/read-access';
import { runCliCaptured } from '../../helpers/cli';

const ROOT = resolve(__dirname, '../../..');
let dataDir: string;
const extractor = new Extractor();
const children: ChildProcess[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-lock-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});
afterAll(() => extractor.close());

function run(...argv: string[]) {
  return runCliCaptured([...argv, '--data', dataDir], extractor);
}

/** The pid of a process that has certainly exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((ok) => child.once('exit', ok));
  return child.pid!;
}

/** A separate Node process that takes the lock through the real module and holds it until killed. */
async function holdLockInChild(command: string): Promise<ChildProcess> {
  const script = join(dataDir, '..', `${dataDir.split('/').pop()}-holder.mts`);
  await writeFile(
    script,
    `import { acquireLibraryLock } from ${JSON.stringify(join(ROOT, 'electron/library/lock.ts'))};
     await acquireLibraryLock(${JSON.stringify(dataDir)}, ${JSON.stringify(command)});
     console.log('locked');
     setInterval(() => {}, 1000);`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  await new Promise<void>((ok, fail) => {
    child.stdout!.on('data', (c) => String(c).includes('locked') && ok());
    child.once('exit', (code) => fail(new Error(`holder exited ${code}: ${stderr}`)));
  });
  await rm(script, { force: true });
  return child;
}

function lockFile(holder: { pid: number; hostname?: string; command?: string }) {
  return JSON.stringify({ hostname: hostname(), command: 'offprint serve', startedAt: '2024-01-01T00:00:00.000Z', mode: 'write', nonce: 'n0nce', ...holder });
}

describe('electron/library/lock', () => {
  it('writes who holds it, refuses a second writer by name, and is free again after release', async () => {
    const lock = await acquireLibraryLock(dataDir, 'offprint serve');
    const onDisk = JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8'));
    expect(onDisk).toMatchObject({ pid: process.pid, hostname: hostname(), command: 'offprint serve', mode: 'write' });
    expect(Date.parse(onDisk.startedAt)).not.toBeNaN();
    const second = await acquireLibraryLock(dataDir, 'offprint save').catch((e: unknown) => e);
    expect(second).toBeInstanceOf(LibraryLockedError);
    expect((second as Error).message).toContain(`in use by offprint serve (process ${process.pid} on ${hostname()}`);
    expect((second as LibraryLockedError).code).toBe('storage');
    await lock.release();
    await lock.release();
    expect(await readLock(dataDir)).toBeUndefined();
    expect(await readdir(dataDir)).toEqual([]);
    const again = await acquireLibraryLock(dataDir, 'offprint save');
    await again.release();
  });

  it('recovers a stale lock left by a dead process on this host', async () => {
    const pid = await deadPid();
    await writeFile(join(dataDir, LOCK_FILE), lockFile({ pid }));
    expect(isStale((await readLock(dataDir))!)).toBe(true);
    const lock = await acquireLibraryLock(dataDir, 'offprint save');
    expect((await readLock(dataDir))?.pid).toBe(process.pid);
    await lock.release();
  });

  it('never takes over a lock of a live process, of another host, or one it cannot read', async () => {
    await writeFile(join(dataDir, LOCK_FILE), lockFile({ pid: process.ppid, command: 'the Offprint app' }));
    await expect(acquireLibraryLock(dataDir, 'offprint save')).rejects.toThrow(`in use by the Offprint app (process ${process.ppid}`);
    await writeFile(join(dataDir, LOCK_FILE), lockFile({ pid: await deadPid(), hostname: 'another-machine.example' }));
    await expect(acquireLibraryLock(dataDir, 'offprint save')).rejects.toThrow('on another-machine.example');
    await writeFile(join(dataDir, LOCK_FILE), '{"half');
    await expect(acquireLibraryLock(dataDir, 'offprint save')).rejects.toThrow(/starting or stopping/);
    expect(await readFile(join(dataDir, LOCK_FILE), 'utf8')).toBe('{"half');
  });

  it('lets exactly one of many concurrent writers in', async () => {
    const attempts = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => acquireLibraryLock(dataDir, `writer ${i}`)));
    const won = attempts.filter((a) => a.status === 'fulfilled');
    expect(won).toHaveLength(1);
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLibraryLock>>>).value.release();
    // Many processes recovering the same stale lock: still one winner.
    await writeFile(join(dataDir, LOCK_FILE), lockFile({ pid: await deadPid() }));
    const recovering = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => acquireLibraryLock(dataDir, `writer ${i}`)));
    expect(recovering.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
  });

  it('a reader holds it only for a moment, and a writer waits for it', async () => {
    const reading = await openLibraryForReading(dataDir, 'offprint list');
    expect(reading.readOnly).toBe(false);
    expect((await readLock(dataDir))?.mode).toBe('read');
    const writer = acquireLibraryLock(dataDir, 'offprint save');
    await new Promise((ok) => setTimeout(ok, 100));
    await reading.close();
    const lock = await writer;
    expect(lock.holder.command).toBe('offprint save');
    await lock.release();
  });
});

describe('electron/cli with the data-directory lock', () => {
  it('a second writer is refused by name while another process holds it; list and show still work; a killed holder is recovered', async () => {
    const txt = join(dataDir, '..', `${dataDir.split('/').pop()}.txt`);
    await writeFile(txt, 'A locked library headline\n\nIts first paragraph, long enough to be an article body.');
    const saved = await run('save', txt, '--json');
    expect(saved.code).toBe(0);
    const { id } = JSON.parse(saved.out[0]!);

    const holder = await holdLockInChild('offprint serve');
    const refused = await run('save', txt, '--json');
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toContain(`in use by offprint serve (process ${holder.pid} on ${hostname()}`);
    expect((await run('serve', '--port', '0')).err.join('\n')).toContain('in use by offprint serve');
    expect((await run('backup', '--out', join(tmpdir(), 'never.tar.gz'))).code).toBe(1);

    const before = await readdir(dataDir, { recursive: true });
    const listed = await run('list', '--json');
    expect(listed.code).toBe(0);
    expect(listed.out.map((l) => JSON.parse(l).id)).toEqual([id]);
    const shown = await run('show', id);
    expect(shown.code).toBe(0);
    expect(shown.out.join('\n')).toContain('Its first paragraph');
    expect((await run('show', id, '--format', 'html')).out.join('')).toContain('<p>');
    // Reading changed nothing in the library folder while another process held it.
    expect(await readdir(dataDir, { recursive: true })).toEqual(before);

    holder.kill('SIGKILL');
    await new Promise((ok) => holder.once('exit', ok));
    const after = await run('save', txt, '--json', '--refresh');
    expect(after.code).toBe(0);
    expect(await readLock(dataDir)).toBeUndefined();
    await rm(txt, { force: true });
  });
});
