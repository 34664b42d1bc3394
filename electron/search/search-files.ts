import { existsSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory, writeFileDurably } from '../library/storage';

/**
 * How the search index writes its files under `search/`: the one seam through which a test makes
 * those writes fail (a full disk, a read-only one) without a real one.
 */
export interface SearchFiles {
  /** Replaces a file durably (the index, the journal cut back). */
  write(file: string, data: string | Uint8Array): Promise<void>;
  /** Appends to a file and makes it durable before resolving (a journal line). */
  append(file: string, text: string): Promise<void>;
  /** Removes a file that must not be trusted at the next start; a missing file is no error. */
  remove(file: string): Promise<void>;
}

export const durableSearchFiles: SearchFiles = {
  write: writeFileDurably,
  async append(file, text) {
    const dir = dirname(file);
    if (!existsSync(dir)) {
      await mkdir(dir, { recursive: true });
      await syncDirectory(dirname(dir));
    }
    const created = !existsSync(file);
    const handle = await open(file, 'a');
    try {
      await handle.appendFile(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    if (created) await syncDirectory(dir);
  },
  async remove(file) {
    await rm(file, { force: true });
  },
};

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
  EACCES: 'permission was refused',
  EPERM: 'permission was refused',
  EIO: 'the disk reported an input/output error',
};

/** Why a write failed, in words, with the system's code (never a temporary file's name). */
export function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code) return `${REASONS[code] ?? 'it could not be written'} (${code})`;
  return (error as Error)?.message ?? String(error);
}
