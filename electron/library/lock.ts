import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { copyFile, cp, link, mkdir, mkdtemp, open, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OffprintError } from '../../shared/errors';
import { articleIdSchema } from '../../shared/schemas';
import { Library } from './library';
import { RECOVERED_DIR } from './recover';
import { BACKUPS_DIR } from './snapshots';

/** The lock file's name inside the data directory. Backups and restores leave it out. */
export const LOCK_FILE = 'lock';
/** Created exclusively while a stale lock is being removed. */
export const RECOVER_FILE = 'lock.recover';
const ARTICLES = 'articles';
/** A recovery marker older than this was left by a process that died while recovering. */
const RECOVER_STALE_MS = 10_000;
/** How long a writer waits for a reading command (`list`, `show`) to let go before giving up. */
const READER_WAIT_MS = 3_000;

/** Who holds a data directory: written into its lock file as JSON. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** What holds it, in words: `offprint serve`, `the Offprint app`, … */
  command: string;
  /** ISO 8601. */
  startedAt: string;
  /** A reading command holds the lock only for a moment (to repair safely on open); writers wait for it. */
  mode: 'read' | 'write';
  /** Random per lock, so a process only ever removes its own lock file. */
  nonce: string;
}

export interface LibraryLock {
  readonly dataDir: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this lock's. Safe to call more than once. */
  release(): Promise<void>;
}

/** The data directory is held by another live process. `holder` says who (null if its lock file is unreadable). */
export class LibraryLockedError extends OffprintError {
  readonly holder: LockHolder | null;

  constructor(dataDir: string, holder: LockHolder | null) {
    super('storage', describeHolder(dataDir, holder));
    this.name = 'LibraryLockedError';
    this.holder = holder;
  }
}

function describeHolder(dataDir: string, holder: LockHolder | null): string {
  if (!holder) {
    return `The library at ${dataDir} is locked by another Offprint, which is starting or stopping. Try again in a moment; if it persists, remove ${join(dataDir, LOCK_FILE)}.`;
  }
  return (
    `The library at ${dataDir} is in use by ${holder.command} (process ${holder.pid} on ${holder.hostname}, since ${holder.startedAt}). ` +
    `Close it and try again; reading commands (list, show) work meanwhile.`
  );
}

/**
 * Locks this process holds or is taking, by nonce, so an exit removes them and a lock file with our
 * own pid but another nonce is known to be a previous process's (pids are reused, often in containers).
 */
const held = new Map<string, string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A process that ends normally (even through process.exit) leaves no lock behind; a killed one
  // leaves a stale lock, which the next writer recovers because its pid is dead.
  process.on('exit', () => {
    for (const [nonce, dataDir] of held) {
      try {
        const current = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as LockHolder;
        if (current.nonce === nonce) unlinkSync(join(dataDir, LOCK_FILE));
      } catch {
        // Already gone, or someone else's: leave it.
      }
    }
  });
}

/**
 * Takes the data directory's single-writer lock: a `lock` file that appears atomically with its
 * content (written to a temporary file, then hard-linked into place, which fails if a lock exists).
 * A lock left by a dead process on this host is recovered; one held by a live process (or by a
 * process on another host, which cannot be checked) fails with `LibraryLockedError` naming it.
 */
export async function acquireLibraryLock(dataDir: string, command: string, options: { mode?: 'read' | 'write' } = {}): Promise<LibraryLock> {
  await mkdir(dataDir, { recursive: true });
  const mode = options.mode ?? 'write';
  const holder: LockHolder = { pid: process.pid, hostname: hostname(), command, startedAt: new Date().toISOString(), mode, nonce: randomBytes(12).toString('hex') };
  const lockPath = join(dataDir, LOCK_FILE);
  const readerDeadline = Date.now() + READER_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    // Known as ours before the file appears, so a concurrent attempt in this process never takes it for stale.
    held.set(holder.nonce, dataDir);
    installExitHook();
    const created = await tryCreate(lockPath, holder).catch((error: unknown) => {
      held.delete(holder.nonce);
      throw error;
    });
    if (created) {
      await removeDeadLockTemps(dataDir);
      return {
        dataDir,
        holder,
        release: async () => {
          const current = await readLock(dataDir);
          if (current?.nonce === holder.nonce) await unlink(lockPath).catch(() => undefined);
          held.delete(holder.nonce);
        },
      };
    }
    held.delete(holder.nonce);
    const current = await readLock(dataDir);
    if (current === undefined && attempt < 20) continue; // removed meanwhile: try again
    if (current && isStale(current) && attempt < 20) {
      await removeStaleLock(dataDir, current);
      continue;
    }
    if (current && current.mode === 'read' && mode === 'write' && Date.now() < readerDeadline) {
      await sleep(25);
      continue;
    }
    throw new LibraryLockedError(dataDir, current ?? null);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Who holds the data directory: the holder, null for a lock file that cannot be read, undefined when it is not locked. */
export async function readLock(dataDir: string): Promise<LockHolder | null | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, LOCK_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return null;
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.hostname === 'string' && typeof value.command === 'string' && typeof value.nonce === 'string') {
      return {
        pid: value.pid,
        hostname: value.hostname,
        command: value.command,
        startedAt: String(value.startedAt ?? 'an unknown time'),
        mode: value.mode === 'read' ? 'read' : 'write',
        nonce: value.nonce,
      };
    }
  } catch {
    // fall through: not a lock this code wrote
  }
  return null;
}

/** True when the holder is certainly gone: it ran on this host and its process no longer exists. */
export function isStale(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return false;
  // Our own pid, but not a lock this process took: a previous process that had the same pid (containers restart at low pids).
  if (holder.pid === process.pid) return !held.has(holder.nonce);
  return !isProcessAlive(holder.pid);
}

/** Whether a process with this pid exists on this host (a process we may not signal still exists). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary lock files (`lock.<pid>.<random>.tmp`) of processes killed while taking the lock. */
async function removeDeadLockTemps(dataDir: string): Promise<void> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  for (const name of names) {
    const match = /^lock\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
    if (match && Number(match[1]) !== process.pid && !isProcessAlive(Number(match[1]))) await rm(join(dataDir, name), { force: true });
  }
}

async function tryCreate(lockPath: string, holder: LockHolder): Promise<boolean> {
  const tmp = `${lockPath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx');
  try {
    await handle.writeFile(JSON.stringify(holder, null, 2) + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new OffprintError('storage', `Offprint could not lock the library folder: ${(error as Error).message}`, { cause: error });
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Removes a stale lock without racing another process that is recovering the same lock: a
 * recovery marker is created exclusively, the lock is re-read, and it is removed only if it is
 * still the stale one that was judged.
 */
async function removeStaleLock(dataDir: string, stale: LockHolder): Promise<void> {
  const marker = join(dataDir, RECOVER_FILE);
  let handle;
  try {
    handle = await open(marker, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = await stat(marker).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > RECOVER_STALE_MS) await rm(marker, { force: true });
    else await sleep(50);
    return;
  }
  try {
    const current = await readLock(dataDir);
    if (current && current.nonce === stale.nonce) await unlink(join(dataDir, LOCK_FILE)).catch(() => undefined);
  } finally {
    await handle.close();
    await rm(marker, { force: true });
  }
}

/** A library opened by a reading command (`list`, `show`). */
export interface ReadAccess {
  library: Library;
  /** True when another process holds the lock, so this is a private copy of the index, never repaired or written. */
  snapshot: boolean;
  /** Makes an article's stored text readable through `library` (in a snapshot, copies its body files in). */
  prepareArticle(id: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens a library for reading whether or not another process is writing to it. When the lock is
 * free it is held for the moment of the command, so the usual repair on open is safe. When a live
 * writer holds it, opening in place could delete the folder of an article that writer is adding
 * (open removes folders its index does not know), so the index files are copied to a private
 * folder and opened there; article bodies are copied in on demand.
 */
export async function openLibraryForReading(dataDir: string, command: string): Promise<ReadAccess> {
  let lock: LibraryLock;
  try {
    lock = await acquireLibraryLock(dataDir, command, { mode: 'read' });
  } catch (error) {
    // Held by a writer, or a folder this user may only read (a mounted backup): read a private copy.
    if (!(error instanceof LibraryLockedError) && !isLockUnwritable(error)) throw error;
    return openSnapshot(dataDir);
  }
  try {
    const library = await Library.open({ dataDir });
    // Open queues its repair (removing leftover folders); it must be over before another writer may start.
    const close = async () => {
      await library.close();
      await lock.release();
    };
    return { library, snapshot: false, prepareArticle: async () => undefined, close };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** True when taking the lock failed because the library folder cannot be written (read-only media, or a folder this user may only read). */
export function isLockUnwritable(error: unknown): boolean {
  const code = ((error as OffprintError | undefined)?.cause as NodeJS.ErrnoException | undefined)?.code ?? (error as NodeJS.ErrnoException | undefined)?.code;
  return ['EROFS', 'EACCES', 'EPERM'].includes(code ?? '');
}

/** Files in a data directory that belong to a moment, not to the library: the lock and temporary files. */
export function isTransientEntry(name: string): boolean {
  return name === LOCK_FILE || name === RECOVER_FILE || name.endsWith('.tmp');
}

async function openSnapshot(dataDir: string): Promise<ReadAccess> {
  const copy = await mkdtemp(join(tmpdir(), 'offprint-read-'));
  try {
    for (const entry of await readdir(dataDir, { withFileTypes: true })) {
      // Bodies are copied on demand; backups, repaired files and the search cache are not needed to read.
      if ([ARTICLES, BACKUPS_DIR, RECOVERED_DIR, 'search'].includes(entry.name) || isTransientEntry(entry.name)) continue;
      if (!entry.isFile() && !entry.isDirectory()) continue;
      await cp(join(dataDir, entry.name), join(copy, entry.name), { recursive: true });
    }
    await mkdir(join(copy, ARTICLES));
    // A damaged file is reported, not repaired: the writer holding the lock repairs it when it next opens.
    const library = await Library.open({ dataDir: copy, recover: false });
    return {
      library,
      snapshot: true,
      async prepareArticle(id) {
        if (!articleIdSchema.safeParse(id).success) return;
        const from = join(dataDir, ARTICLES, id);
        const entries = await readdir(from, { withFileTypes: true }).catch(() => []);
        await mkdir(join(copy, ARTICLES, id), { recursive: true });
        for (const file of entries) if (file.isFile()) await copyFile(join(from, file.name), join(copy, ARTICLES, id, file.name));
      },
      close: async () => {
        await library.flush();
        await rm(copy, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(copy, { recursive: true, force: true });
    throw error;
  }
}
