import { createHash, randomBytes } from 'node:crypto';
import { access, lstat, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { OffprintError } from '../../../shared/errors';
import { isProcessAlive } from '../lock';
import { readAll, readManifestIfFirst, verifyArchive, walkArchive } from './archive';
import { ArchiveTally, type BackupManifest, checkManifestSize, parseManifest, plan, spaceNeeded } from './contents';
import { type BackupFs, describeDiskFailure, formatMegabytes, nodeBackupFs, sizeOnDisk } from './disk';
import type { BackupOptions, BackupSummary } from './write';
import { absentAs } from '../../log';

export interface RestoreSummary extends BackupSummary {
  /** Transient files the archive held (a lock, temporary files) that were left out. */
  skipped: string[];
}

const STAGING_PREFIX = '.offprint-restore-';
/** `.offprint-restore-<pid>-<random>`, or `.offprint-restore-XXXXXX` (mkdtemp) from earlier versions. */
const STAGING_NAME = /^\.offprint-restore-(?:(\d+)-[0-9a-f]{8}|[A-Za-z0-9]{6})$/;
/** Written into a staging folder inside the target before its contents are moved up: the names being moved. */
const MOVING = '.moving.json';

/**
 * Rebuilds a library from an archive made by `writeBackup` into `targetDir`, which must not exist
 * or be empty. The manifest is read before anything is written (a whole pass over an archive of an
 * earlier version, which has it last), and the restore is refused at once when the disk has no
 * room for what it declares. Every file is written into a staging folder, held to the manifest as
 * it arrives, and the library appears only when all of them matched: a missing target is staged
 * beside it and renamed into place; an existing empty folder (perhaps a mount point, which can be
 * neither removed nor renamed onto) is staged inside, and the contents moved up. What a stopped
 * restore left behind is removed by the next one, and the reader is told.
 */
export async function restoreBackup(archiveFile: string, targetDir: string, options: BackupOptions = {}): Promise<RestoreSummary> {
  const fs = options.fs ?? nodeBackupFs;
  const report = options.report ?? (() => undefined);
  const target = resolve(targetDir);
  const parent = dirname(target);
  const failed = async (error: unknown, folder: string, words?: string | null): Promise<never> => {
    if (error instanceof OffprintError) throw error;
    words ??= await describeDiskFailure(error, folder, fs);
    if (words) throw new OffprintError('storage', `${words}: nothing was restored.`, { cause: error });
    // The staging folder is an internal name: the reader is told about the folder they chose.
    const detail = (error as Error).message.replace(/[^\s'"]*\.offprint-restore-[^\s'"]*/g, target);
    throw new OffprintError('storage', `The backup could not be restored into ${target}: ${detail}`, { cause: error });
  };

  await access(archiveFile).catch((error: unknown) => {
    throw new OffprintError('not-found', `The backup ${archiveFile} could not be opened: ${(error as Error).message}`);
  });
  const existing = await lstat(target).catch(absentAs(null));
  if (existing && !existing.isDirectory()) throw new OffprintError('invalid-argument', `${target} exists and is not a folder.`);
  try {
    await removeStoppedRestores(parent, fs, report);
    if (existing) await removeStoppedRestores(target, fs, report);
  } catch (error) {
    return failed(error, existing ? target : parent);
  }
  if (existing && (await readdir(target)).length > 0) {
    throw new OffprintError('invalid-argument', `${target} is not empty: restore into a new or empty folder.`);
  }

  const home = existing ? target : parent;
  if (!existing) await fs.mkdir(parent, { recursive: true }).catch((error: unknown) => failed(error, parent));
  const space = await fs.freeSpace(home).catch(() => null); // a file system that cannot say: the restore is not refused for it
  const tooLittle = (needed: number) =>
    new OffprintError('storage', `The disk holding ${home} has ${formatMegabytes(space?.bytes ?? 0)} free, and this backup needs ${formatMegabytes(needed)}: nothing was restored.`);
  const manifest =
    (await readManifestIfFirst(archiveFile)) ??
    (await verifyArchive(archiveFile, { limit: space ? { bytes: space.bytes, error: () => tooLittle(space.bytes + 1) } : undefined })).manifest;
  if (space) {
    const needed = spaceNeeded(manifest, space.blockSize);
    if (needed > space.bytes) throw tooLittle(needed);
  }

  const staging = join(home, `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  let moved: string[] | null = null;
  try {
    await fs.mkdir(staging);
    const summary = await extract(archiveFile, manifest, staging, fs);
    await fs.syncDirectory(staging);
    if (existing) {
      moved = [];
      await moveUp(staging, target, fs, moved);
    } else {
      await fs.rename(staging, target);
      await fs.syncDirectory(parent);
    }
    return summary;
  } catch (error) {
    // Told as the disk was when it failed (how full), before the clean-up frees what was written.
    const words = error instanceof OffprintError ? null : await describeDiskFailure(error, home, fs);
    // Undoing a failed restore: it is already being reported, and the next restore finishes the job.
    for (const name of moved ?? []) await fs.remove(join(target, name)).catch(() => undefined);
    await fs.remove(staging).catch(() => undefined); // a staging folder left behind is removed by the next restore
    return failed(error, home, words);
  }
}

/** Writes every entry into `staging`, each refused before a byte is written unless the manifest lists it with that size. */
async function extract(archiveFile: string, manifest: BackupManifest, staging: string, fs: BackupFs): Promise<RestoreSummary> {
  const tally = new ArchiveTally();
  tally.setManifest(manifest);
  const expected = JSON.stringify(manifest);
  await walkArchive(archiveFile, async (entry) => {
    const planned = plan(entry.path, entry.type);
    if (planned.kind === 'manifest') {
      checkManifestSize(entry.size);
      // The same archive was read a moment ago; a different manifest means it changed since.
      if (JSON.stringify(parseManifest((await readAll(entry.body)).toString('utf8'))) !== expected) throw new OffprintError('invalid-argument', 'The backup changed while it was being restored.');
    } else if (planned.kind === 'skip') {
      tally.skipped.push(planned.rel);
    } else if (planned.kind === 'dir') {
      tally.dir(planned.rel);
      await fs.mkdir(join(staging, ...planned.rel.split('/')), { recursive: true });
    } else {
      tally.beginFile(planned.rel, entry.size);
      const dest = join(staging, ...planned.rel.split('/'));
      await fs.mkdir(dirname(dest), { recursive: true });
      const hash = createHash('sha256');
      const handle = await fs.createFile(dest);
      try {
        for await (const chunk of entry.body) {
          hash.update(chunk);
          await handle.write(chunk);
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      tally.endFile(planned.rel, hash.digest('hex'));
      // A time that cannot be set changes nothing the library reads.
      if (entry.mtime) await fs.setTimes(dest, entry.mtime).catch(() => undefined);
    }
  });
  return tally.finish();
}

/**
 * Moves a staging folder's contents up into `target`. The names are written down first, so a
 * restore stopped half-way is undone by the next one (see removeStoppedRestores).
 */
async function moveUp(staging: string, target: string, fs: BackupFs, moved: string[]): Promise<void> {
  const names = await readdir(staging);
  const journal = await fs.createFile(join(staging, MOVING));
  try {
    await journal.write(Buffer.from(JSON.stringify(names)));
    await journal.sync();
  } finally {
    await journal.close();
  }
  await fs.syncDirectory(staging);
  for (const name of names) {
    await fs.rename(join(staging, name), join(target, name));
    moved.push(name);
  }
  await fs.syncDirectory(target);
  await fs.remove(staging);
  await fs.syncDirectory(target);
}

/**
 * Staging folders in `folder` of restores that were stopped (their process is gone). One that was
 * moving its contents into the folder holding it is undone: the names it moved are removed too.
 */
async function removeStoppedRestores(folder: string, fs: BackupFs, report: (line: string) => void): Promise<void> {
  for (const name of await readdir(folder).catch(absentAs([] as string[]))) {
    const match = STAGING_NAME.exec(name);
    if (!match) continue;
    const pid = match[1] === undefined ? null : Number(match[1]);
    if (pid !== null && (pid === process.pid || isProcessAlive(pid))) continue; // a restore still running
    const staging = join(folder, name);
    let size = await sizeOnDisk(staging);
    let moving: unknown = null;
    try {
      moving = JSON.parse(await readFile(join(staging, MOVING), 'utf8'));
    } catch {
      // No list, or one cut short: it is whole and on disk before the first move, so nothing was moved yet.
    }
    const names = Array.isArray(moving) ? moving.filter((n): n is string => typeof n === 'string' && n !== '' && !n.includes('/') && n !== '.' && n !== '..') : [];
    for (const moved of names) {
      const path = join(folder, moved);
      if (!(await lstat(path).then(() => true, () => false))) continue;
      size += await sizeOnDisk(path);
      await fs.remove(path);
    }
    await fs.remove(staging);
    const what = names.length ? `${staging} and what it had moved into ${folder}` : staging;
    report(`removed ${what} (${formatMegabytes(size)}), left by a restore that was stopped before it finished.`);
  }
}
