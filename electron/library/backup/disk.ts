import { mkdir, open, readdir, rename, rm, stat, statfs, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory } from '../storage';
import { absentAs } from '../../log';

/**
 * Every call a backup or a restore makes that changes something on disk, plus the free-space
 * query: the edge tests replace, to make chosen writes fail with ENOSPC, EROFS or EIO, to see
 * which folders are touched, or to stop a child process at an exact point. Reading the library
 * and the archive goes straight to node:fs.
 */
export interface BackupFs {
  /** Creates a new file for writing; never replaces one. */
  createFile(path: string): Promise<WriteHandle>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or a folder with everything in it; nothing there is fine. */
  remove(path: string): Promise<void>;
  setTimes(path: string, mtime: Date): Promise<void>;
  syncDirectory(path: string): Promise<void>;
  /** Bytes this process may still write on the file system holding `path`, and its block size. */
  freeSpace(path: string): Promise<{ bytes: number; blockSize: number }>;
}

export interface WriteHandle {
  /** Writes all of `data` at the end of what was written so far. */
  write(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const nodeBackupFs: BackupFs = {
  async createFile(path) {
    const handle = await open(path, 'wx');
    return {
      async write(data) {
        for (let at = 0; at < data.length; ) at += (await handle.write(data, at)).bytesWritten;
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  },
  async mkdir(path, options) {
    await mkdir(path, options);
  },
  rename,
  remove: (path) => rm(path, { recursive: true, force: true }),
  setTimes: (path, mtime) => utimes(path, mtime, mtime),
  syncDirectory,
  async freeSpace(path) {
    const info = await statfs(path);
    return { bytes: info.bavail * info.bsize, blockSize: info.bsize };
  },
};

const MB = 1024 * 1024;

export function formatMegabytes(bytes: number): string {
  return `${bytes < 10 * MB ? (Math.floor((bytes / MB) * 10) / 10).toString() : Math.floor(bytes / MB).toString()} MB`;
}

/** The errno of a failure, or of the failure it wraps. */
export function errorCode(error: unknown): string | undefined {
  const direct = (error as NodeJS.ErrnoException | undefined)?.code;
  const cause = ((error as { cause?: unknown } | undefined)?.cause as NodeJS.ErrnoException | undefined)?.code;
  return typeof direct === 'string' && /^E[A-Z]+$/.test(direct) ? direct : cause;
}

/**
 * A disk failure in words that name the folder the reader chose (never a temporary file inside
 * it), or null when it is not one of the failures a reader can do something about.
 */
export async function describeDiskFailure(error: unknown, folder: string, fs: BackupFs): Promise<string | null> {
  switch (errorCode(error)) {
    case 'ENOSPC':
    case 'EDQUOT': {
      const free = await fs.freeSpace(folder).then(
        (s) => ` (${formatMegabytes(s.bytes)} free)`,
        // The size is a courtesy: a disk that cannot even say how full it is is still full.
        () => '',
      );
      return `The disk holding ${folder} is full${free}`;
    }
    case 'EROFS':
      return `The disk holding ${folder} is read-only`;
    case 'EIO':
      return `The disk holding ${folder} reported an input/output error (it may be failing or was unplugged)`;
    case 'EACCES':
    case 'EPERM':
      return `Offprint is not allowed to write in ${folder}`;
    case 'ENOENT':
      return `The folder ${folder} does not exist`;
    default:
      return null;
  }
}

/** The size of a file or of a folder with everything in it (0 when it cannot be read). */
export async function sizeOnDisk(path: string): Promise<number> {
  const info = await stat(path).catch(absentAs(null));
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true }).catch(absentAs([]))) total += await sizeOnDisk(join(path, entry.name));
  return total;
}
