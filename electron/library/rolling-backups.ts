import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { absentAs, log } from '../log';
import { BACKUPS_DIR, FEED_LIST_FILE, FEEDS_DIR, feedStateId, INDEX_DIR, LAYOUT2_SETTINGS_FILE, SETTINGS_FILE, shardOrdinal, stateOrdinal, TAGS_FILE } from './layout';

/**
 * Rolling backups of the files the library rewrites as it changes: `settings.json`, the index
 * shards, their state files and the tag table (and a layout-2 `state.json` before it is migrated),
 * and the feed store's files (`feeds/`). Article
 * folders are written once and never rewritten in place, so they are not copied. Each rolling
 * backup is a folder `backups/<time>-<reason>/` with a manifest (`manifest.json`; `snapshot.json`
 * in backups taken by layout 2, still read), built under a temporary name and renamed into place
 * when complete. Not to be confused with a backup archive (backup.ts), the whole library in one file.
 *
 * The copies are not fsynced one by one: a backup is only ever used after its files are checked
 * against the manifest, so one cut short by a power cut is skipped for the next older one, and
 * several are kept.
 */

const MANIFEST = 'manifest.json';
const LAYOUT2_MANIFEST = 'snapshot.json';
const PARTIAL_PREFIX = '.partial-';

export type RollingBackupReason = 'scheduled' | 'before-migration';

/** How many rolling backups of each kind are kept (the newest ones). */
export const ROLLING_BACKUPS_KEPT: Record<RollingBackupReason, number> = { scheduled: 7, 'before-migration': 3 };

const manifestSchema = z.object({
  format: z.enum(['offprint-rolling-backup', 'offprint-snapshot']),
  createdAt: z.string(),
  reason: z.enum(['scheduled', 'before-migration']),
  files: z.array(z.object({ path: z.string(), size: z.number().int().min(0), sha256: z.string() })),
});
export type RollingBackupManifest = z.infer<typeof manifestSchema>;

export interface RollingBackup extends RollingBackupManifest {
  /** The backup's folder. */
  dir: string;
}

/** The library files a rolling backup holds, as paths relative to the data directory ('/'-separated). */
export async function rollingBackupPaths(dataDir: string): Promise<string[]> {
  const paths: string[] = [];
  const top = await readdir(dataDir).catch(absentAs([] as string[]));
  // library.json is written once per layout, never rewritten: like article folders, it is not copied.
  for (const name of [SETTINGS_FILE, LAYOUT2_SETTINGS_FILE]) if (top.includes(name)) paths.push(name);
  const index = await readdir(join(dataDir, INDEX_DIR)).catch(absentAs([] as string[]));
  for (const name of index.sort()) if (shardOrdinal(name) !== null || stateOrdinal(name) !== null || name === TAGS_FILE) paths.push(`${INDEX_DIR}/${name}`);
  // Feeds: the subscriptions and each feed's state.
  const feeds = await readdir(join(dataDir, FEEDS_DIR)).catch(absentAs([] as string[]));
  for (const name of feeds.sort()) if (name === FEED_LIST_FILE || feedStateId(name) !== null) paths.push(`${FEEDS_DIR}/${name}`);
  return paths;
}

/**
 * Copies the library's index files into a new backup, unless they are exactly what the newest
 * backup already holds (then nothing is written and null is returned). Older backups beyond
 * SNAPSHOTS_KEPT are removed afterwards.
 */
export async function takeRollingBackup(dataDir: string, reason: RollingBackupReason, now: Date = new Date()): Promise<RollingBackup | null> {
  const root = join(dataDir, BACKUPS_DIR);
  await mkdir(root, { recursive: true });
  await removePartials(root);
  const paths = await rollingBackupPaths(dataDir);
  const partial = join(root, `${PARTIAL_PREFIX}${randomBytes(4).toString('hex')}`);
  await mkdir(partial);
  try {
    const files: RollingBackupManifest['files'] = [];
    for (const path of paths) {
      let bytes: Buffer;
      try {
        bytes = await readFile(join(dataDir, path));
      } catch (error) {
        // Removed since it was listed (a shard emptied by deletes): it is simply not in this backup.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      await mkdir(join(partial, path, '..'), { recursive: true });
      await writeFile(join(partial, path), bytes);
      files.push({ path, size: bytes.length, sha256: sha256(bytes) });
    }
    const newest = (await listRollingBackups(dataDir, now))[0];
    // Nothing changed since the newest backup, and that backup is still intact on disk: no new one.
    if (newest && reason === 'scheduled' && sameFiles(newest.files, files) && (await isIntact(newest))) {
      await rm(partial, { recursive: true, force: true });
      return null;
    }
    const manifest: RollingBackupManifest = { format: 'offprint-rolling-backup', createdAt: now.toISOString(), reason, files };
    await writeFile(join(partial, MANIFEST), JSON.stringify(manifest, null, 1));
    const dir = join(root, `${now.toISOString().replace(/[:.]/g, '-')}-${reason}`);
    await rm(dir, { recursive: true, force: true });
    await rename(partial, dir);
    await pruneRollingBackups(dataDir, now);
    return { ...manifest, dir };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Rolling backups while a library is open: one when it opens and then hourly, each taken only if
 * the newest backup is older than `everyMs` (and never of an empty library without any). Not queued
 * behind the library's changes: every library file is replaced whole by a rename, so each copy is
 * of one complete version, and a backup of a big library (under a second at 50,000 articles) never
 * holds up a save or a bookmark.
 */
export class RollingBackupSchedule {
  private running: Promise<void> | null = null;
  private onOpen: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly dataDir: string,
    private readonly everyMs: number,
    private readonly now: () => Date,
    private readonly isEmpty: () => boolean,
  ) {}

  /** Checks once `ready` resolves, then every hour (or every `everyMs`, if shorter). */
  start(ready: Promise<unknown>): void {
    this.onOpen = ready.then(() => this.check(true));
    this.timer = setInterval(() => this.check(false), Math.min(this.everyMs, 60 * 60 * 1000));
    this.timer.unref();
  }

  /** Stops the timer; waits for the check on open (a short CLI command still gets its backup) and any backup under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.onOpen;
    await this.running;
  }

  /** Runs `work` with no backup under way, and none starting, meanwhile (a repair must not be copied half done). */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    this.held++;
    try {
      await this.running;
      return await work();
    } finally {
      this.held--;
    }
  }

  private held = 0;

  private check(onOpen: boolean): void {
    if (this.running || this.held > 0 || (this.stopped && !onOpen)) return;
    this.running = (async () => {
      const newest = await newestRollingBackupTime(this.dataDir, this.now());
      const age = newest ? this.now().getTime() - newest.getTime() : Infinity;
      // A backup stamped in the future (taken while the clock was wrong) does not count as recent.
      if (age >= 0 && age < this.everyMs) return;
      if (this.isEmpty() && !newest) return;
      await takeRollingBackup(this.dataDir, 'scheduled', this.now());
    })()
      .catch((error: unknown) => log.warn(`A rolling backup of ${this.dataDir} could not be taken`, error))
      .finally(() => (this.running = null));
  }
}

/**
 * Every backup whose manifest can be read, newest first (their files are checked when read).
 * Backups stamped later than `now` (taken while the clock was wrong) come last, as if oldest: they
 * neither count as recent nor take the places kept for the newest.
 */
export async function listRollingBackups(dataDir: string, now: Date = new Date()): Promise<RollingBackup[]> {
  const root = join(dataDir, BACKUPS_DIR);
  const names = await readdir(root).catch(absentAs([] as string[]));
  const out: RollingBackup[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const dir = join(root, name);
    const text = await readFile(join(dir, MANIFEST), 'utf8').catch(() => readFile(join(dir, LAYOUT2_MANIFEST), 'utf8').catch(absentAs(null)));
    if (text === null) continue; // no manifest: not a usable backup
    try {
      const parsed = manifestSchema.safeParse(JSON.parse(text));
      if (parsed.success && !Number.isNaN(Date.parse(parsed.data.createdAt))) out.push({ ...parsed.data, dir });
    } catch {
      // A manifest that is not JSON: not a usable backup, and older ones are tried.
    }
  }
  const at = now.toISOString();
  const newestFirst = (a: RollingBackup, b: RollingBackup) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0);
  return [...out.filter((s) => s.createdAt <= at).sort(newestFirst), ...out.filter((s) => s.createdAt > at).sort(newestFirst)];
}

/** One file of a backup, or null when the backup does not have it or its bytes do not match the manifest. */
export async function readRollingBackupFile(backup: RollingBackup, path: string): Promise<Buffer | null> {
  const entry = backup.files.find((f) => f.path === path);
  if (!entry) return null;
  const bytes = await readFile(join(backup.dir, path)).catch(absentAs(null));
  if (!bytes || bytes.length !== entry.size || sha256(bytes) !== entry.sha256) return null;
  return bytes;
}

/** When the newest backup was taken, or null if there is none. */
export async function newestRollingBackupTime(dataDir: string, now: Date = new Date()): Promise<Date | null> {
  const newest = (await listRollingBackups(dataDir, now))[0];
  return newest ? new Date(newest.createdAt) : null;
}

/** Keeps the newest SNAPSHOTS_KEPT backups of each kind and removes the rest. */
export async function pruneRollingBackups(dataDir: string, now: Date = new Date()): Promise<void> {
  const seen: Record<RollingBackupReason, number> = { scheduled: 0, 'before-migration': 0 };
  for (const backup of await listRollingBackups(dataDir, now)) {
    if (++seen[backup.reason] <= ROLLING_BACKUPS_KEPT[backup.reason]) continue;
    // Out of the list in one step, so a process stopped part-way never leaves half a backup listed.
    const doomed = join(dataDir, BACKUPS_DIR, `${PARTIAL_PREFIX}${randomBytes(4).toString('hex')}`);
    await rename(backup.dir, doomed);
    await rm(doomed, { recursive: true, force: true });
  }
}

/** Backups that were being written when a process stopped. */
async function removePartials(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    if (name.startsWith(PARTIAL_PREFIX)) await rm(join(root, name), { recursive: true, force: true });
  }
}

async function isIntact(backup: RollingBackup): Promise<boolean> {
  for (const file of backup.files) if (!(await readRollingBackupFile(backup, file.path))) return false;
  return true;
}

function sameFiles(a: RollingBackupManifest['files'], b: RollingBackupManifest['files']): boolean {
  return a.length === b.length && a.every((f, i) => f.path === b[i]!.path && f.sha256 === b[i]!.sha256);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
