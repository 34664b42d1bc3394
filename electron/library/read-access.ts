import { log } from '../log';
import { Library } from './library';
import { acquireLibraryLock, LibraryLockedError, LockUnavailableError } from './lock';

/** A library opened by a reading command (`list`, `show`, `backup`). */
export interface ReadAccess {
  library: Library;
  /**
   * True when the library is open read-only: another process holds it (and may be writing), or
   * the disk is full or read-only. Nothing is repaired or written then.
   */
  readOnly: boolean;
  close(): Promise<void>;
}

/**
 * Opens a library for reading whether or not another process is writing to it, and on a full or
 * read-only disk. When the lock is free it is held for the moment of the command, so the usual
 * repair on open is safe. Otherwise the library is opened in place read-only: it writes nothing
 * (not even a temporary file), and reads each index shard whole, so a file the writer replaces
 * meanwhile is read as one version or the other, never half of each.
 */
export async function openLibraryForReading(dataDir: string, command: string): Promise<ReadAccess> {
  let lock;
  try {
    lock = await acquireLibraryLock(dataDir, command, { mode: 'read' });
  } catch (error) {
    if (!(error instanceof LibraryLockedError) && !(error instanceof LockUnavailableError)) throw error;
    if (error instanceof LockUnavailableError) log.info(`Reading ${dataDir} without its lock: ${error.message}`);
    const library = await Library.open({ dataDir, access: 'read-only' });
    return { library, readOnly: true, close: () => library.close() };
  }
  try {
    const library = await Library.open({ dataDir });
    // Open queues its clean-up; it must be over before another writer may start.
    const close = async () => {
      await library.close();
      await lock.release();
    };
    return { library, readOnly: false, close };
  } catch (error) {
    await lock.release();
    // The lock could be written but the library cannot (a nearly full disk): read it as it is.
    const code = ((error as { cause?: NodeJS.ErrnoException }).cause ?? (error as NodeJS.ErrnoException)).code;
    if (!['ENOSPC', 'EDQUOT', 'EROFS'].includes(code ?? '')) throw error;
    const library = await Library.open({ dataDir, access: 'read-only' });
    return { library, readOnly: true, close: () => library.close() };
  }
}
