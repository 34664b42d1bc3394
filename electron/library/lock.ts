import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { OffprintError } from '../../shared/errors';
import { LOCK_FILE, TAKEOVER_FILE } from './layout';
import { absentAs } from '../log';
import { isProcessAlive, processStartTime } from './processes';

export { isProcessAlive };

/**
 * The single-writer lock of a data directory: below the library (which it guards) and knowing
 * nothing of it. A *stale-lock takeover* is the removal of a lock whose holder is certainly gone.
 */
export { LOCK_FILE, TAKEOVER_FILE };
/** A takeover marker older than this was left by a process that died while taking over. */
const TAKEOVER_STALE_MS = 10_000;
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
  const file = join(dataDir, LOCK_FILE);
  if (!holder) {
    return `The library at ${dataDir} is locked by another Offprint, which is starting or stopping (its lock file ${file} cannot be read). Try again in a moment; if it persists and no Offprint is running, take the lock over with \`offprint unlock --data ${dataDir}\`.`;
  }
  const elsewhere = holder.hostname !== hostname();
  return (
    `The library at ${dataDir} is in use by ${holder.command} (process ${holder.pid} on ${holder.hostname}, since ${holder.startedAt}; lock file ${file}). ` +
    `Close it and try again; reading commands (list, show) work meanwhile. ` +
    (elsewhere
      ? `It was taken on another computer, so Offprint cannot check whether that process still runs: if you are sure it does not (that computer is off or Offprint is closed there), take the lock over with \`offprint unlock --data ${dataDir}\`.`
      : pidLooksReused(holder)
        ? `Process ${holder.pid} started after the lock was taken, so it is probably not Offprint (its number was reused after a crash): take the lock over with \`offprint unlock --data ${dataDir}\`.`
        : `If that process is not Offprint, take the lock over with \`offprint unlock --data ${dataDir}\`.`)
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
  // leaves a stale lock, which the next writer takes over because its pid is dead.
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
 * A lock left by a dead process on this host is taken over; one held by a live process (or by a
 * process on another host, which cannot be checked) fails with `LibraryLockedError` naming it.
 */
export async function acquireLibraryLock(dataDir: string, command: string, options: { mode?: 'read' | 'write' } = {}): Promise<LibraryLock> {
  await mkdir(dataDir, { recursive: true }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code !== 'EEXIST') throw new LockUnavailableError(dataDir, code, error);
  });
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
          if (current?.nonce === holder.nonce) await unlink(lockPath).catch(() => undefined); // gone already: released
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

const lockHolderSchema = z.object({
  pid: z.number(),
  hostname: z.string(),
  command: z.string(),
  startedAt: z.unknown().transform((v) => String(v ?? 'an unknown time')),
  mode: z.unknown().transform((v): 'read' | 'write' => (v === 'read' ? 'read' : 'write')),
  nonce: z.string(),
});

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
    return lockHolderSchema.safeParse(JSON.parse(text)).data ?? null;
  } catch {
    return null; // not JSON: not a lock this code wrote
  }
}

/** True when the holder is certainly gone: it ran on this host and its process no longer exists. */
export function isStale(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return false;
  // Our own pid, but not a lock this process took: a previous process that had the same pid (containers restart at low pids).
  if (holder.pid === process.pid) return !held.has(holder.nonce);
  return !isProcessAlive(holder.pid);
}

/**
 * True when the live process with the holder's number started after the lock was taken, so it
 * cannot be the holder (the number was reused after a crash). Not acted on by itself, since a
 * clock set back would look the same; it is said in the refusal, and `offprint unlock` acts on it.
 */
export function pidLooksReused(holder: LockHolder): boolean {
  if (holder.hostname !== hostname() || !isProcessAlive(holder.pid)) return false;
  const started = processStartTime(holder.pid);
  const taken = Date.parse(holder.startedAt);
  return started !== null && !Number.isNaN(taken) && started > taken + 2_000;
}

/**
 * Takes over a lock by hand (`offprint unlock`): for a holder Offprint cannot check (another
 * computer) or a lock file it cannot read. Refuses when the holder is a live process on this
 * computer that started before the lock was taken, which is the writer itself.
 */
export async function takeOverLock(dataDir: string): Promise<LockHolder | null | undefined> {
  const current = await readLock(dataDir);
  if (current === undefined) return undefined;
  if (current && current.hostname === hostname() && !isStale(current) && !pidLooksReused(current)) {
    throw new OffprintError('storage', `The library at ${dataDir} is in use by ${current.command} (process ${current.pid}, since ${current.startedAt}), which is running on this computer. Close it instead.`);
  }
  await unlink(join(dataDir, LOCK_FILE)).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  });
  return current;
}

/** Temporary lock files (`lock.<pid>.<random>.tmp`) of processes killed while taking the lock. */
async function removeDeadLockTemps(dataDir: string): Promise<void> {
  const names = await readdir(dataDir).catch(absentAs([] as string[]));
  for (const name of names) {
    const match = /^lock\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
    if (match && Number(match[1]) !== process.pid && !isProcessAlive(Number(match[1]))) await rm(join(dataDir, name), { force: true });
  }
}

/** The lock could not be written because of the disk (full, read-only, not permitted): readers go on without it. */
export class LockUnavailableError extends OffprintError {
  constructor(
    readonly dataDir: string,
    readonly errno: string,
    cause: unknown,
  ) {
    super('storage', `Offprint could not lock the library folder ${dataDir}: ${describeErrno(errno, dataDir)}`, { cause });
  }
}

function describeErrno(code: string, dataDir: string): string {
  if (code === 'ENOSPC' || code === 'EDQUOT') return `the disk holding it is full. Free some space (or read it: list, show and backup work on a full disk).`;
  if (code === 'EROFS') return 'the disk holding it is read-only (it can still be read and backed up).';
  if (code === 'EACCES' || code === 'EPERM') return `Offprint is not allowed to create files in ${dataDir}.`;
  return code;
}

async function tryCreate(lockPath: string, holder: LockHolder): Promise<boolean> {
  const tmp = `${lockPath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(JSON.stringify(holder, null, 2) + '\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(tmp, lockPath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM'].includes(code)) throw new LockUnavailableError(join(lockPath, '..'), code, error);
    throw new OffprintError('storage', `Offprint could not lock the library folder: ${(error as Error).message}`, { cause: error });
  } finally {
    // Whatever happened above, the temporary file goes (on a full disk too: removing needs no space).
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Takes over a stale lock without racing another process taking over the same lock: a
 * takeover marker is created exclusively, the lock is re-read, and it is removed only if it is
 * still the stale one that was judged.
 */
async function removeStaleLock(dataDir: string, stale: LockHolder): Promise<void> {
  const marker = join(dataDir, TAKEOVER_FILE);
  let handle;
  try {
    handle = await open(marker, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = await stat(marker).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > TAKEOVER_STALE_MS) await rm(marker, { force: true });
    else await sleep(50);
    return;
  }
  try {
    const current = await readLock(dataDir);
    if (current && current.nonce === stale.nonce) await unlink(join(dataDir, LOCK_FILE)).catch(() => undefined); // another taker removed it first
  } finally {
    await handle.close();
    await rm(marker, { force: true });
  }
}


/**
 * True when taking the lock failed because the library folder cannot be written: read-only media,
 * a folder this user may only read, or a disk too full for the lock's few bytes. A reader (list,
 * show, backup to another disk) then reads without the lock.
 */
export function isLockUnwritable(error: unknown): boolean {
  const unwritable = ['EROFS', 'EACCES', 'EPERM', 'ENOSPC', 'EDQUOT'];
  if (error instanceof LockUnavailableError) return unwritable.includes(error.errno);
  const code = ((error as OffprintError | undefined)?.cause as NodeJS.ErrnoException | undefined)?.code ?? (error as NodeJS.ErrnoException | undefined)?.code;
  return unwritable.includes(code ?? '');
}
