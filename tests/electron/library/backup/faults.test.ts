import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { lockForBackup, restoreBackup, writeBackup } from '../../../../electron/library/backup';
import { acquireLibraryLock, LibraryLockedError, LOCK_FILE } from '../../../../electron/library/lock';
import { type FsCall, faultyFs, makeLibrary, tree } from './helpers';

/**
 * Disk faults through the backup's one disk seam (`BackupFs`): chosen writes, fsyncs, renames and
 * folder creations fail with ENOSPC, EROFS or EIO, or write corrupted bytes. Each must be told in
 * words naming the folder the reader chose (never a temporary file), and leave the previous
 * archive, the target and the folders around them exactly as they were.
 */

let work: string;
let source: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'offprint-backup-faults-'));
  source = join(work, 'source');
  await makeLibrary(source, { articles: 3, imageBytes: 300 * 1024 });
  return () => rm(work, { recursive: true, force: true });
});

const MESSAGES: Record<string, (folder: string) => RegExp> = {
  ENOSPC: (folder) => new RegExp(`^The disk holding ${folder} is full \\(\\d+(\\.\\d)? MB free\\)`),
  EROFS: (folder) => new RegExp(`^The disk holding ${folder} is read-only`),
  EIO: (folder) => new RegExp(`^The disk holding ${folder} reported an input/output error`),
};

describe('electron/library/backup under disk faults', () => {
  const backupFaults: [string, string, (call: FsCall, n: number) => boolean][] = [
    ['ENOSPC', 'on the first write', (c, n) => c.op === 'write' && n === 1],
    ['ENOSPC', 'on a later write', (c, n) => c.op === 'write' && n === 3],
    ['EROFS', 'creating the file', (c) => c.op === 'createFile'],
    ['EIO', 'on the fsync', (c) => c.op === 'sync'],
    ['EIO', 'on the rename', (c) => c.op === 'rename'],
    ['ENOSPC', 'on the folder fsync after the rename', (c) => c.op === 'syncDirectory'],
  ];
  for (const [code, where, when] of backupFaults) {
    it(`backup: ${code} ${where} is told in words, and leaves the previous archive as it was (issue 17.10)`, async () => {
      const dest = join(work, 'dest');
      await mkdir(dest);
      const out = join(dest, 'library.tar.gz');
      await writeFile(out, 'the previous archive');
      const { fs, calls } = faultyFs((call, n) => (when(call, n) ? code : null));
      const error = await writeBackup(source, out, { fs }).then(() => null, (e: Error) => e);
      expect(calls.some((c, i) => when(c, calls.slice(0, i + 1).filter((d) => d.op === c.op).length)), 'the fault was reached').toBe(true);
      expect(error?.message).toMatch(MESSAGES[code]!(dest));
      expect(error?.message).not.toMatch(/\.tmp|[0-9a-f]{12}/);
      expect(await readdir(dest)).toEqual(['library.tar.gz']);
      if (where.includes('after the rename')) {
        // The archive was whole and in place before the failing fsync: the reader is told it is there, unconfirmed.
        expect(error?.message).toMatch(new RegExp(`: the backup was written to ${out}, but the disk could not confirm it is stored safely`));
        await restoreBackup(out, join(work, 'restored'));
      } else {
        expect(error?.message).toMatch(/: the backup was not written\.$/);
        expect(await readFile(out, 'utf8')).toBe('the previous archive');
      }
    });
  }

  it('backup: every backup is read back before it counts; one whose bytes were damaged on the way is not kept (issue 17.2)', async () => {
    const out = join(work, 'library.tar.gz');
    await writeFile(out, 'the previous archive');
    const { fs } = faultyFs((call, n) => (call.op === 'write' && n === 2 ? 'corrupt' : null));
    await expect(writeBackup(source, out, { fs })).rejects.toThrow(new RegExp(`^The backup written to ${out} did not read back correctly \\(.+\\), so it was not kept`));
    expect(await readFile(out, 'utf8')).toBe('the previous archive');
    expect((await readdir(work)).sort()).toEqual(['library.tar.gz', 'source']);
    // Undamaged, the same backup goes through and restores.
    await writeBackup(source, out);
    await restoreBackup(out, join(work, 'restored'));
    expect(await tree(join(work, 'restored'))).toEqual(await tree(source));
  });

  const restoreFaults: [string, string, (call: FsCall, n: number) => boolean][] = [
    ['ENOSPC', 'on a file write', (c, n) => c.op === 'write' && n === 4],
    ['EROFS', 'creating the staging folder', (c) => c.op === 'mkdir'],
    ['EIO', 'on a file fsync', (c, n) => c.op === 'sync' && n === 2],
    ['EIO', 'renaming into place', (c) => c.op === 'rename'],
  ];
  for (const [code, where, when] of restoreFaults) {
    it(`restore: ${code} ${where} is told in words, and leaves nothing behind (issue 17.10)`, async () => {
      const archive = join(work, 'library.tar.gz');
      await writeBackup(source, archive);
      const parent = join(work, 'into');
      await mkdir(parent);
      const target = join(parent, 'library');
      const { fs } = faultyFs((call, n) => (when(call, n) ? code : null));
      const error = await restoreBackup(archive, target, { fs }).then(() => null, (e: Error) => e);
      expect(error?.message).toMatch(MESSAGES[code]!(parent));
      expect(error?.message).toMatch(/: nothing was restored\.$/);
      expect(error?.message).not.toMatch(/offprint-restore/);
      expect(await readdir(parent)).toEqual([]);
    });
  }

  it('restore into an existing empty folder stages inside it and never removes or renames it (issue 17.9)', async () => {
    const archive = join(work, 'library.tar.gz');
    await writeBackup(source, archive);
    const target = join(work, 'mount-point');
    await mkdir(target);
    // What a mount point does: it cannot be removed or renamed, nor renamed onto.
    const { fs, calls } = faultyFs((call) => (['remove', 'rename'].includes(call.op) && call.path.split(' -> ').includes(target) ? 'EBUSY' : null));
    await restoreBackup(archive, target, { fs });
    expect(await tree(target)).toEqual(await tree(source));
    const written = calls.filter((c) => c.op === 'mkdir' || c.op === 'createFile').map((c) => c.path);
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((p) => !p.startsWith(`${target}/`))).toEqual([]);
    expect(await readdir(work)).not.toContainEqual(expect.stringMatching(/offprint-restore/));
  });

  it('a library whose folder cannot be locked because its media is read-only is backed up as it is (issue 17.13)', async () => {
    const readOnly = (): never => {
      throw Object.assign(new Error(`EROFS: read-only file system, open '${join(source, 'lock.123.0123456789ab.tmp')}'`), { code: 'EROFS' });
    };
    const access = await lockForBackup(source, readOnly);
    expect(access.readOnly).toBe(true);
    const out = join(work, 'ro.tar.gz');
    await writeBackup(source, out);
    await access.release();
    await restoreBackup(out, join(work, 'restored'));
    expect(await tree(join(work, 'restored'))).toEqual(await tree(source));
    // A lock file naming a live writer is still respected.
    await writeFile(join(source, LOCK_FILE), JSON.stringify({ pid: 1, hostname: hostname(), command: 'the Offprint app', startedAt: 'now', mode: 'write', nonce: 'n' }));
    await expect(lockForBackup(source, readOnly)).rejects.toBeInstanceOf(LibraryLockedError);
    await rm(join(source, LOCK_FILE));
    // A disk too full for the lock's few bytes is read the same way (issue 17.7: backing up to another disk works on a full disk)…
    expect((await lockForBackup(source, () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })))).readOnly).toBe(true);
    // …and any other failure to lock is not hidden.
    await expect(lockForBackup(source, () => Promise.reject(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })))).rejects.toThrow(/EIO/);
    // And a writable library is locked as before.
    const normal = await lockForBackup(source, acquireLibraryLock);
    expect(normal.readOnly).toBe(false);
    expect(existsSync(join(source, LOCK_FILE))).toBe(true);
    await normal.release();
    await expect(lockForBackup(join(work, 'no-such-library'))).rejects.toThrow(/There is no library folder at/);
    expect(existsSync(join(work, 'no-such-library'))).toBe(false);
    expect(dirname(source)).toBe(work);
  });
});
