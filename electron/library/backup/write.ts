import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { OffprintError } from '../../../shared/errors';
import { acquireLibraryLock, isLockUnwritable, isProcessAlive, isStale, LibraryLockedError, readLock } from '../lock';
import { BACKUPS_DIR } from '../layout';
import { ArchiveWriter, verifyArchive } from './archive';
import { articleRuleBroken, type BackupManifest, isTransientPath, MANIFEST, newManifest, ROOT } from './contents';
import { type BackupFs, describeDiskFailure, formatMegabytes, nodeBackupFs, type WriteHandle } from './disk';
import { absentAs } from '../../log';

export interface BackupSummary {
  files: number;
  directories: number;
  bytes: number;
}

export interface BackupOptions {
  /** The calls that change the disk (tests inject faults here). */
  fs?: BackupFs;
  /** Lines for the reader about what was cleaned up or left out (the CLI prints them on stderr). */
  report?: (line: string) => void;
}

/**
 * Writes an archive of `dataDir` to `outFile`. It is built under a temporary name beside it
 * (`<out>.<pid>.<random>.tmp`), read back and checked against its manifest, and only then renamed
 * into place: a backup that says it succeeded restores. Temporary files of a backup that was
 * stopped (killed, or the machine lost power) are removed first, and the reader is told.
 */
export async function writeBackup(dataDir: string, outFile: string, options: BackupOptions = {}): Promise<BackupSummary> {
  const fs = options.fs ?? nodeBackupFs;
  const report = options.report ?? (() => undefined);
  const root = resolve(dataDir);
  const out = resolve(outFile);
  const folder = dirname(out);
  if (out === root || out.startsWith(root + sep)) {
    throw new OffprintError('invalid-argument', 'Write the backup outside the library folder, or it would contain itself.');
  }
  if (!(await stat(root).then((s) => s.isDirectory(), () => false))) {
    throw new OffprintError('not-found', `There is no library folder at ${root}.`);
  }
  await removeStoppedBackups(out, fs, report);
  const { directories, files, leftOut } = await listTree(root);
  if (leftOut.length) {
    report(`left out ${leftOut.length} ${leftOut.length === 1 ? 'file that is' : 'files that are'} not part of any article: ${leftOut.slice(0, 5).join(', ')}${leftOut.length > 5 ? ', …' : ''}`);
  }

  // The manifest comes first in the archive, so a restore knows what to expect before it writes
  // anything: every file is hashed once before the archive is written, and again as it is written.
  const manifest = newManifest(directories);
  const times = new Map<string, Date>();
  for (const path of files) {
    const info = await stat(join(root, path));
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(join(root, path)) as AsyncIterable<Buffer>) hash.update(chunk);
    manifest.files.push({ path, size: info.size, sha256: hash.digest('hex') });
    times.set(path, info.mtime);
  }

  const tmp = `${out}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  let handle: WriteHandle | null = null;
  let placed = false;
  try {
    handle = await fs.createFile(tmp);
    const target = handle;
    const archive = new ArchiveWriter((chunk) => target.write(chunk));
    try {
      await writeEntries(archive, root, manifest, times);
      await archive.finish();
    } catch (error) {
      archive.abandon();
      throw error;
    }
    await handle.sync();
    await handle.close();
    handle = null;
    await verify(tmp, out, manifest);
    await fs.rename(tmp, out);
    placed = true;
    await fs.syncDirectory(folder);
  } catch (error) {
    // Told as the disk was when it failed (how full), before the clean-up frees what was written.
    const words = error instanceof OffprintError ? null : await describeDiskFailure(error, folder, fs);
    // Closing and removing are clean-up after a failure already being reported.
    await handle?.close().catch(() => undefined);
    await fs.remove(tmp).catch(() => undefined); // a temporary archive left behind is removed by the next backup
    if (error instanceof OffprintError) throw error;
    const detail = (error as Error).message.split(tmp).join(out);
    if (placed) {
      // The archive is whole and in place (it was verified before the rename); only the folder's fsync failed.
      throw new OffprintError('storage', `${words ?? detail}: the backup was written to ${out}, but the disk could not confirm it is stored safely. Check the disk and back up again.`, { cause: error });
    }
    if (words) throw new OffprintError('storage', `${words}: the backup was not written.`, { cause: error });
    throw new OffprintError('storage', `The backup could not be written to ${out}: ${detail}`, { cause: error });
  }
  return { files: files.length, directories: directories.length, bytes: manifest.files.reduce((n, f) => n + f.size, 0) };
}

async function writeEntries(archive: ArchiveWriter, root: string, manifest: BackupManifest, times: Map<string, Date>): Promise<void> {
  const body = Buffer.from(JSON.stringify(manifest, null, 1));
  await archive.add({ path: MANIFEST, type: 'File', size: body.length, mtime: new Date(manifest.createdAt) }, body);
  for (const dir of manifest.directories) await archive.add({ path: `${ROOT}/${dir}/`, type: 'Directory', size: 0 });
  for (const file of manifest.files) {
    const hash = createHash('sha256');
    async function* hashed(): AsyncGenerator<Buffer> {
      for await (const chunk of createReadStream(join(root, file.path)) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        yield chunk;
      }
    }
    await archive.add({ path: `${ROOT}/${file.path}`, type: 'File', size: file.size, mtime: times.get(file.path) }, hashed());
    if (hash.digest('hex') !== file.sha256) throw new OffprintError('storage', `${file.path} changed while it was being backed up; try again.`);
  }
}

/** Reads the new archive back: every entry listed and hashed against the manifest it was written with. */
async function verify(tmp: string, out: string, manifest: BackupManifest): Promise<void> {
  try {
    const read = await verifyArchive(tmp, { manifestFirst: true });
    if (JSON.stringify(read.manifest) !== JSON.stringify(manifest)) throw new Error('its manifest is not the one written');
  } catch (error) {
    const detail = (error as Error).message.replace(/^That is not a complete Offprint backup: /, '').replace(/\.$/, '');
    throw new OffprintError(
      'storage',
      `The backup written to ${out} did not read back correctly (${detail}), so it was not kept. Try again; if it happens again, the disk holding ${dirname(out)} may be failing.`,
      { cause: error },
    );
  }
}

/** Temporary archives (`<out>.<pid>.<random>.tmp`, or `<out>.<random>.tmp` from earlier versions) of backups that were stopped. */
async function removeStoppedBackups(out: string, fs: BackupFs, report: (line: string) => void): Promise<void> {
  const name = basename(out);
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:(\\d+)\\.)?[0-9a-f]{12}\\.tmp$`);
  for (const entry of await readdir(dirname(out)).catch(absentAs([] as string[]))) {
    const match = pattern.exec(entry);
    if (!match) continue;
    const pid = match[1] === undefined ? null : Number(match[1]);
    if (pid !== null && (pid === process.pid || isProcessAlive(pid))) continue; // another backup to the same file is running
    const path = join(dirname(out), entry);
    const size = await stat(path).then((s) => s.size, () => 0);
    await fs.remove(path);
    report(`removed ${path} (${formatMegabytes(size)}), left by a backup that was stopped before it finished.`);
  }
}

/**
 * Every folder and file under `root` (relative, `/`-separated, sorted), without transient entries
 * and the rolling backups (older copies of what the archive holds anyway); symlinks and devices are
 * refused. Files in `articles/` that no article folder holds (a `.DS_Store`, a planted page) are
 * left out, and listed, because a restore refuses them.
 */
async function listTree(root: string): Promise<{ directories: string[]; files: string[]; leftOut: string[] }> {
  const directories: string[] = [];
  const files: string[] = [];
  const leftOut: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      if ((dir === root && entry.name === BACKUPS_DIR) || isTransientPath(rel)) continue;
      if (entry.isDirectory()) {
        if (articleRuleBroken(rel, 'dir')) {
          leftOut.push(`${rel}/`);
          continue;
        }
        directories.push(rel);
        await walk(full);
      } else if (entry.isFile()) {
        if (articleRuleBroken(rel, 'file')) leftOut.push(rel);
        else files.push(rel);
      } else {
        throw new OffprintError('storage', `${rel} in the library folder is not a plain file or folder, so it cannot be backed up.`);
      }
    }
  }
  await walk(root);
  return { directories, files, leftOut };
}

/** How `backup` holds the library while it reads it. */
export interface BackupAccess {
  /** True when the library's media cannot be written, so it is read as it is, without its lock. */
  readOnly: boolean;
  release(): Promise<void>;
}

/**
 * Takes the library's lock like a reader, so no writer changes it while it is copied. A library on
 * read-only media (or in a folder this user may only read) cannot be locked: it is backed up as a
 * read-only copy, as it is, unless its lock file names a live writer.
 */
export async function lockForBackup(dataDir: string, acquire: typeof acquireLibraryLock = acquireLibraryLock): Promise<BackupAccess> {
  if (!(await stat(dataDir).then((s) => s.isDirectory(), () => false))) {
    throw new OffprintError('not-found', `There is no library folder at ${dataDir}.`);
  }
  try {
    const lock = await acquire(dataDir, 'offprint backup', { mode: 'read' });
    return { readOnly: false, release: () => lock.release() };
  } catch (error) {
    if (!isLockUnwritable(error)) throw error;
    const holder = await readLock(dataDir);
    if (holder && !isStale(holder)) throw new LibraryLockedError(dataDir, holder);
    return { readOnly: true, release: async () => undefined };
  }
}
