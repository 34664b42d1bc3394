import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { Extractor } from '../../../../electron/capture/extractor';
import { writeBackup } from '../../../../electron/library/backup';
import { runCliCaptured } from '../../../helpers/cli';
import { makeLibrary, manifestEntry, mountTmpfs, remount, tarEnd, tarEntry, tree, unmount } from './helpers';

/**
 * The same faults on real file systems: a small tmpfs mounted for the test (CI runs as root). A
 * machine that cannot mount skips these with the reason; backup-faults.test.ts covers the same
 * code through the disk seam everywhere.
 */

let work: string;
const mounts: string[] = [];
const extractor = new Extractor();

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'offprint-backup-mounts-'));
});
afterEach(async () => {
  for (const dir of mounts.splice(0)) unmount(dir);
  await rm(work, { recursive: true, force: true });
});

function run(...argv: string[]) {
  return runCliCaptured(argv, extractor);
}

/** A fresh tmpfs at `dir`, or the test is skipped, saying why. */
async function tmpfs(ctx: TestContext, dir: string, size: string): Promise<void> {
  const refused = await mountTmpfs(dir, size);
  if (refused) ctx.skip(refused);
  mounts.push(dir);
}

describe('electron/library/backup on real small file systems', () => {
  it('restores into an empty mount point: staged on the mounted disk, the mount point kept (issue 17.9)', async (ctx) => {
    const source = join(work, 'source');
    await makeLibrary(source, { articles: 3 });
    const archive = join(work, 'library.tar.gz');
    await writeBackup(source, archive);
    const mnt = join(work, 'mnt');
    await tmpfs(ctx, mnt, '16m');
    const res = await run('restore', archive, '--data', mnt);
    expect(res.code, res.err.join('\n')).toBe(0);
    expect(await tree(mnt)).toEqual(await tree(source));
    const mountDev = (await stat(mnt)).dev;
    expect(mountDev).not.toBe((await stat(work)).dev);
    for (const rel of await readdir(mnt, { recursive: true })) expect((await stat(join(mnt, rel))).dev, rel).toBe(mountDev);
    expect(execFileSync('findmnt', ['-n', '-o', 'TARGET', mnt], { encoding: 'utf8' }).trim()).toBe(mnt);
    expect((await readdir(work)).sort()).toEqual(['library.tar.gz', 'mnt', 'source']);
  });

  it('a full destination disk: the backup is refused in words, and the disk is left empty (issue 17.10)', async (ctx) => {
    const source = join(work, 'source');
    await makeLibrary(source, { articles: 3, imageBytes: 1024 * 1024 });
    const mnt = join(work, 'small');
    await tmpfs(ctx, mnt, '1m');
    const res = await run('backup', '--out', join(mnt, 'library.tar.gz'), '--data', source);
    expect(res.code).toBe(1);
    expect(res.err.join('\n')).toMatch(new RegExp(`^offprint: The disk holding ${mnt} is full \\(0(\\.\\d)? MB free\\): the backup was not written\\.$`));
    expect(await readdir(mnt)).toEqual([]);
    // Read-only: said so, nothing written.
    remount(mnt, 'ro');
    const ro = await run('backup', '--out', join(mnt, 'library.tar.gz'), '--data', source);
    expect(ro.err.join('\n')).toMatch(new RegExp(`^offprint: The disk holding ${mnt} is read-only: the backup was not written\\.$`));
  });

  it('a restore larger than the disk is refused before anything is written (issues 11.7, 17.10)', async (ctx) => {
    const source = join(work, 'source');
    await makeLibrary(source, { articles: 3, imageBytes: 1024 * 1024 });
    const archive = join(work, 'library.tar.gz');
    await writeBackup(source, archive);
    const mnt = join(work, 'small');
    await tmpfs(ctx, mnt, '2m');
    const res = await run('restore', archive, '--data', join(mnt, 'library'));
    expect(res.code).toBe(1);
    expect(res.err.join('\n')).toMatch(new RegExp(`^offprint: The disk holding ${mnt} has 2 MB free, and this backup needs 3(\\.\\d)? MB: nothing was restored\\.$`));
    expect(await readdir(mnt)).toEqual([]);
    // A hostile archive (a 64 MB file its manifest does not list, in an archive of 64 KB): nothing reaches the disk.
    const hostile = join(work, 'hostile.tar.gz');
    await writeFile(hostile, gzipSync(Buffer.concat([tarEntry('library/db.json', Buffer.alloc(64 * 1024 * 1024, 'x')), manifestEntry([]), tarEnd])));
    const refused = await run('restore', hostile, '--data', join(mnt, 'library'));
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toMatch(/nothing was restored|not a complete Offprint backup/);
    expect(await readdir(mnt)).toEqual([]);
    expect(execFileSync('df', ['--output=used', mnt], { encoding: 'utf8' }).split('\n')[1]!.trim()).toBe('0');
  });

  it('a library on read-only media is backed up as it is, without its lock (issue 17.13)', async (ctx) => {
    const mnt = join(work, 'media');
    await tmpfs(ctx, mnt, '16m');
    const library = join(mnt, 'library');
    await makeLibrary(library, { articles: 2 });
    remount(mnt, 'ro');
    const archive = join(work, 'from-ro.tar.gz');
    const res = await run('backup', '--out', archive, '--data', library);
    expect(res.code, res.err.join('\n')).toBe(0);
    expect(res.err.join('\n')).toContain(`${library} cannot be written (read-only media, or a full disk), so it is backed up as it is, without taking its lock.`);
    const restored = join(work, 'restored');
    expect((await run('restore', archive, '--data', restored)).code).toBe(0);
    expect(await tree(restored)).toEqual(await tree(library));
  });
});
