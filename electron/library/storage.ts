import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import type { Adapter } from 'lowdb';
import { OffprintError } from '../../shared/errors';
import { TEMP_DIR, tempFileName, tempFilePid } from './layout';
import { absentAs } from '../log';

/**
 * The file-system calls the library writes with, as one object it is given at its edge, so tests
 * can make chosen calls fail (ENOSPC, EIO, EPERM, EROFS) the way a full, failing or read-only disk
 * does. Reads that must be fast stay synchronous elsewhere; everything that changes the disk goes
 * through here.
 */
export interface LibraryFs {
  open: typeof nodeFs.open;
  rename: typeof nodeFs.rename;
  rm: typeof nodeFs.rm;
  rmdir: typeof nodeFs.rmdir;
  mkdir: typeof nodeFs.mkdir;
  unlink: typeof nodeFs.unlink;
  link: typeof nodeFs.link;
  readdir: typeof nodeFs.readdir;
  readFile: typeof nodeFs.readFile;
  stat: typeof nodeFs.stat;
  statfs: typeof nodeFs.statfs;
}

export const realFs: LibraryFs = {
  open: nodeFs.open,
  rename: nodeFs.rename,
  rm: nodeFs.rm,
  rmdir: nodeFs.rmdir,
  mkdir: nodeFs.mkdir,
  unlink: nodeFs.unlink,
  link: nodeFs.link,
  readdir: nodeFs.readdir,
  readFile: nodeFs.readFile,
  stat: nodeFs.stat,
  statfs: nodeFs.statfs,
};

/**
 * A write whose rename went through but whose folder could not be synced: the new content is what
 * the disk shows, but whether it survives a power cut is unknown. The library treats the change as
 * made in memory (so memory matches the disk) and stops writing until it is reopened.
 */
export class UncertainWriteError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(`the disk reported an error after writing ${basename(file)} (${codeOf(cause) ?? (cause as Error).message})`);
  }
}

export function codeOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Writes `data` to `file` durably with the temporary file beside it (`.<name>.<pid>.<random>.tmp`):
 * for files a library's own writes do not cover, such as the search index and backup archives.
 */
export async function writeFileDurably(file: string, data: string | Uint8Array, fs: LibraryFs = realFs): Promise<void> {
  await fs.mkdir(dirname(file), { recursive: true });
  await new Storage(dirname(file), fs, { tempBeside: true }).writeDurably(file, data);
}

/** fsync a folder, so entries created, renamed or removed in it are on disk. */
export async function syncDirectory(dir: string, fs: LibraryFs = realFs): Promise<void> {
  // Windows cannot open a folder for fsync; NTFS journals renames itself.
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Durable writes and errors in words, for one data directory. */
export class Storage {
  constructor(
    readonly dataDir: string,
    readonly fs: LibraryFs = realFs,
    private readonly options: { tempBeside?: boolean } = {},
  ) {}

  /**
   * Writes `data` to `file` so that once this resolves the content survives a crash or power cut,
   * and no reader ever sees half a file: a uniquely named temporary file is written and fsynced,
   * renamed over the target, and the target's folder is fsynced so the rename is durable. Fails with
   * UncertainWriteError when only that last step failed. Temporary files of files inside the data
   * directory live in its `.temp/` folder, so the one place to clean after a crash is that folder.
   */
  async writeDurably(file: string, data: string | Uint8Array): Promise<void> {
    const dir = dirname(file);
    const random = randomBytes(6).toString('hex');
    const inside = !this.options.tempBeside && file.startsWith(this.dataDir + sep);
    let tmp = inside ? join(this.dataDir, TEMP_DIR, tempFileName(basename(file), random)) : join(dir, `.${tempFileName(basename(file), random)}`);
    try {
      try {
        await this.writeSynced(tmp, data, 'wx');
      } catch (error) {
        if (!inside || codeOf(error) !== 'ENOENT') throw error;
        await this.makeDirectory(join(this.dataDir, TEMP_DIR));
        await this.writeSynced(tmp, data, 'wx');
      }
      try {
        await this.fs.rename(tmp, file);
      } catch (error) {
        // A folder on another file system than the data directory (a symlinked articles/): write beside the file.
        if (codeOf(error) !== 'EXDEV') throw error;
        await this.fs.rm(tmp, { force: true });
        tmp = join(dir, `.${tempFileName(basename(file), random)}`);
        await this.writeSynced(tmp, data, 'wx');
        await this.fs.rename(tmp, file);
      }
    } catch (error) {
      // Best effort: open removes the temporary files of processes that are gone.
      await this.fs.rm(tmp, { force: true }).catch(() => undefined);
      throw error;
    }
    try {
      await this.syncDirectory(dir);
    } catch (error) {
      throw new UncertainWriteError(file, error);
    }
  }

  /** Removes the temporary files in `.temp/` whose process is gone (left by a crash), then the folder if empty; returns how many. */
  async removeDeadTemps(isAlive: (pid: number) => boolean): Promise<number> {
    const dir = join(this.dataDir, TEMP_DIR);
    let removed = 0;
    let kept = 0;
    for (const name of await this.fs.readdir(dir).catch(absentAs([] as string[]))) {
      const pid = tempFilePid(name);
      if (pid !== null && isAlive(pid)) {
        kept++;
        continue;
      }
      await this.fs.rm(join(dir, name), { recursive: true, force: true });
      removed++;
    }
    // Made again by the next write that needs it; a library at rest has no temporary folder.
    if (kept === 0) await this.fs.rm(dir, { recursive: true, force: true });
    return removed;
  }

  /** Writes a new file and fsyncs it (inside a folder that is made durable as a whole afterwards). */
  async writeSynced(file: string, data: string | Uint8Array, flags: 'w' | 'wx' = 'w'): Promise<void> {
    const handle = await this.fs.open(file, flags);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** fsync a folder, so entries created, renamed or removed in it are on disk. */
  async syncDirectory(dir: string): Promise<void> {
    await syncDirectory(dir, this.fs);
  }

  /** Creates `dir` (whose parent exists) and makes its entry durable; an existing folder is fine. */
  async makeDirectory(dir: string): Promise<void> {
    try {
      await this.fs.mkdir(dir);
    } catch (error) {
      if (codeOf(error) === 'EEXIST') return;
      throw error;
    }
    await this.syncDirectory(dirname(dir));
  }

  /**
   * The error a reader sees when the library could not be changed: what failed, then why in words
   * — a full or read-only disk, missing permission, a failing disk — naming the library folder and
   * never a temporary file.
   */
  async failure(action: string, error: unknown): Promise<OffprintError> {
    if (error instanceof OffprintError) return error;
    return new OffprintError('storage', `${action}: ${await this.describe(error)}`, { cause: error });
  }

  async describe(error: unknown): Promise<string> {
    const uncertain = error instanceof UncertainWriteError;
    const reason = await this.reason(uncertain ? (error as UncertainWriteError).cause : error);
    // Whatever the disk said, after the rename the change may or may not be on it: say so, and stop.
    return uncertain ? `${reason.replace(/\.$/, '')}, so Offprint cannot tell whether the change was kept. Offprint will not change the library again until it is reopened.` : reason;
  }

  private async reason(cause: unknown): Promise<string> {
    const code = codeOf(cause);
    const where = this.dataDir;
    switch (code) {
      case 'ENOSPC':
      case 'EDQUOT': {
        const free = await this.fs.statfs(where).then(
          (s) => `${Math.floor((s.bavail * s.bsize) / (1024 * 1024))} MB free`,
          () => 'no space left',
        );
        return `the disk holding your library (${where}) is full (${free}). Free some space and try again.`;
      }
      case 'EROFS':
        return `the disk holding your library (${where}) is read-only.`;
      case 'EACCES':
      case 'EPERM':
        return `Offprint is not allowed to change files in your library folder (${where}); check its permissions (or whether a file in it was made immutable).`;
      case 'EIO':
        return `the disk holding your library (${where}) reported an error (EIO).`;
      case 'EBUSY':
        return `a file in your library folder (${where}) is in use by another program.`;
      default:
        return `${code ? `${code} in ${where}` : ((cause as Error)?.message ?? String(cause))}.`;
    }
  }
}

/**
 * A lowdb adapter over a JSON file written durably (lowdb's own JSONFile does not fsync). Reading
 * a missing file gives null; a file that is not valid JSON is an error, never silently replaced.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    readonly file: string,
    private readonly storage: Storage,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await this.storage.fs.readFile(this.file, 'utf8');
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return null;
      throw error;
    }
    return JSON.parse(text) as T;
  }

  async write(data: T): Promise<void> {
    await this.storage.writeDurably(this.file, JSON.stringify(data));
  }
}
