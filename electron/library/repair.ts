import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LibraryNotice } from '../../shared/types';
import { ArticleFolders } from './article-folders';
import type { DamagedFileError } from './damage';
import { FEED_LIST_FILE, FEEDS_DIR, feedStateId, INDEX_DIR, LAYOUT2_SETTINGS_FILE, LibraryLayout, SETTINGS_FILE, shardOrdinal, stateOrdinal, TAGS_FILE } from './layout';
import { noticeOf, readReport, REPORT_FILE, type RepairedFile, type RepairReport } from './repair-notices';
import { listRollingBackups, readRollingBackupFile, type RollingBackup } from './rolling-backups';
import { type ArticleRecord, articleRecordSchema, feedListFileSchema, feedStateFileSchema, settingsFileSchema, stateShardSchema, tagTableSchema } from './schema';
import { parseShard, readShardHeadSync, serializeShard, urlKey } from './shard-file';
import { Storage } from './storage';
import { absentAs } from '../log';

/**
 * Repair of damaged or missing library files. Each damaged file is moved aside into
 * `recovered/<time>/` (never deleted or overwritten), replaced by its copy in the newest rolling
 * backup whose copy is intact, and what happened is written to `recovered/<time>/report.json`
 * first, which the app shows as a notice until dismissed and the CLI prints. Articles whose
 * folders are on disk but whose index entries the backup lacks are put back afterwards by the
 * caller (see open.ts), and a repair never removes an article folder.
 */

type Kind = RepairedFile['kind'];

export class Repair {
  private readonly files: RepairedFile[] = [];
  private recoveredArticles = 0;
  private rebuiltBodies = 0;
  readonly id: string;

  constructor(
    private readonly layout: LibraryLayout,
    private readonly storage: Storage,
    private readonly folders: ArticleFolders,
    private readonly now: Date,
  ) {
    // Time first, so the folders sort by it; a random tail, so two repairs in one millisecond stay apart.
    this.id = `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  }

  /** A repair of the library in `dataDir` with the real file system (for tools and tests). */
  static forDataDir(dataDir: string, now: Date): Repair {
    const layout = new LibraryLayout(dataDir);
    const storage = new Storage(dataDir);
    return new Repair(layout, storage, new ArticleFolders(layout, storage), now);
  }

  get repaired(): boolean {
    return this.files.length > 0;
  }

  /** True when index shards were replaced (or the index folder restored), so index entries may be missing. */
  get indexRepaired(): boolean {
    return this.files.some((f) => f.kind === 'shard' || f.kind === 'index-folder');
  }

  /** Whether a damaged file is one this knows how to repair (and has not repaired already). */
  canRepair(error: DamagedFileError): boolean {
    const path = this.layout.relative(error.file);
    return kindOf(path) !== null && !this.files.some((f) => f.path === path);
  }

  /** Moves the damaged file aside and puts the newest intact backup of it in its place (or nothing). */
  async repair(error: DamagedFileError): Promise<void> {
    const path = this.layout.relative(error.file);
    const kind = kindOf(path)!;
    const reason = describeDamage(await readFile(error.file).catch(absentAs(null))) ?? error.reason;
    const restore = await this.restoreFor(path, kind);
    const aside = join(this.layout.recoveredDir, this.id, ...path.split('/'));
    await this.makeDirectories(dirname(aside));
    this.files.push({ path, reason, kind, restoredFrom: restore.from, ...(restore.predates ? { backupPredates: true } : {}) });
    await this.writeReport(null, false);
    await this.storage.fs.rename(error.file, aside);
    await this.storage.syncDirectory(dirname(aside));
    await this.storage.syncDirectory(dirname(error.file));
    if (restore.content) await this.storage.writeDurably(error.file, restore.content);
  }

  /**
   * The index folder is gone although the library had articles (or rolling backups): every index
   * file is restored from the newest backup whose copies are all intact, so bookmarks and reading
   * positions come back with the articles. Returns false when no backup can give it back.
   */
  async restoreIndexFolder(): Promise<boolean> {
    for (const backup of await listRollingBackups(this.layout.dataDir, this.now)) {
      const indexFiles = backup.files.filter((f) => f.path.startsWith(`${INDEX_DIR}/`));
      const contents: [string, string | Buffer][] = [];
      for (const file of indexFiles) {
        const content = await this.fromBackup(backup, file.path, kindOf(file.path)!, { restoringFolder: true });
        if (!content) break;
        contents.push([file.path, content]);
      }
      if (contents.length !== indexFiles.length) continue;
      this.files.push({ path: `${INDEX_DIR}/`, reason: 'the folder is gone', kind: 'index-folder', restoredFrom: backup.createdAt });
      await this.writeReport(null, false);
      await this.makeDirectories(this.layout.indexDir);
      for (const [path, content] of contents) await this.storage.writeDurably(join(this.layout.dataDir, ...path.split('/')), content);
      return true;
    }
    this.files.push({ path: `${INDEX_DIR}/`, reason: 'the folder is gone', kind: 'index-folder', restoredFrom: null });
    await this.writeReport(null, false);
    return false;
  }

  addRecoveredArticles(count: number): void {
    this.recoveredArticles += count;
  }

  addRebuiltBodies(count: number): void {
    this.rebuiltBodies += count;
  }

  /** Writes the finished report beside the files moved aside, and returns it as the notice to show. */
  async save(unindexedFolders: number): Promise<LibraryNotice> {
    return noticeOf(this.layout, await this.writeReport(this.recoveredArticles, true, unindexedFolders));
  }

  private async writeReport(recoveredArticles: number | null, finished: boolean, unindexedFolders?: number): Promise<RepairReport> {
    const report: RepairReport = {
      id: this.id,
      createdAt: this.now.toISOString(),
      files: this.files,
      recoveredArticles,
      ...(unindexedFolders !== undefined ? { unindexedFolders } : {}),
      ...(this.rebuiltBodies ? { rebuiltBodies: this.rebuiltBodies } : {}),
      finished,
      dismissedAt: null,
    };
    const dir = join(this.layout.recoveredDir, this.id);
    await this.makeDirectories(dir);
    await this.storage.writeDurably(join(dir, REPORT_FILE), JSON.stringify(report, null, 1));
    return report;
  }

  /**
   * What to put in place of `path`: the copy in the newest backup that has an intact one (backups
   * stamped later than now, from a clock that was wrong, are tried last), or nothing.
   */
  private async restoreFor(path: string, kind: Kind): Promise<{ content: string | Buffer | null; from: string | null; predates: boolean }> {
    for (const backup of await listRollingBackups(this.layout.dataDir, this.now)) {
      const inBackup = backup.files.some((f) => f.path === path) || (kind === 'settings' && backup.files.some((f) => f.path === LAYOUT2_SETTINGS_FILE));
      // The file did not exist yet when this backup was taken: as of then, it is rightly absent.
      if (!inBackup) return { content: null, from: backup.createdAt, predates: true };
      const content = await this.fromBackup(backup, path, kind);
      if (content) return { content, from: backup.createdAt, predates: false };
    }
    return { content: null, from: null, predates: false };
  }

  /**
   * A backup's copy of `path` if it is intact and valid. An index shard keeps only the articles
   * whose folders still exist (the others were deleted since), takes each folder's own newer
   * record, and leaves out articles another shard now lists (put back by an earlier repair).
   */
  async fromBackup(backup: RollingBackup, path: string, kind: Kind, options: { restoringFolder?: boolean } = {}): Promise<string | Buffer | null> {
    // A layout-2 backup holds the settings as state.json, in the same shape.
    const bytes = (await readRollingBackupFile(backup, path)) ?? (kind === 'settings' && path === SETTINGS_FILE ? await readRollingBackupFile(backup, LAYOUT2_SETTINGS_FILE) : null);
    if (!bytes) return null;
    try {
      switch (kind) {
        case 'shard': {
          const content = parseShard(bytes);
          const records = content.lines.map((line) => articleRecordSchema.parse(JSON.parse(line)));
          if (records.some((r, i) => r.id !== content.ids[i])) return null;
          const elsewhere = options.restoringFolder ? new Set<string>() : this.idsInOtherShards(path);
          const kept: ArticleRecord[] = [];
          for (const record of records) {
            if (elsewhere.has(record.id) || !existsSync(this.layout.articleDir(record.id))) continue;
            const own = await this.folders.folderRecord(record.id, { strict: true });
            kept.push(own?.id === record.id ? own : record);
          }
          return serializeShard({ ids: kept.map((r) => r.id), urlKeys: kept.map((r) => urlKey(r.normalizedUrl)), lines: kept.map((r) => JSON.stringify(r)) });
        }
        case 'state-shard':
          return stateShardSchema.safeParse(JSON.parse(bytes.toString('utf8'))).success ? bytes : null;
        case 'settings':
          return settingsFileSchema.safeParse(JSON.parse(bytes.toString('utf8'))).success ? bytes : null;
        case 'tags':
          return tagTableSchema.safeParse(JSON.parse(bytes.toString('utf8'))).success ? bytes : null;
        case 'feed-list':
          return feedListFileSchema.safeParse(JSON.parse(bytes.toString('utf8'))).success ? bytes : null;
        case 'feed-state':
          return feedStateFileSchema.safeParse(JSON.parse(bytes.toString('utf8'))).success ? bytes : null;
        default:
          return null;
      }
    } catch {
      return null; // a copy that does not parse is not intact: the next older backup is tried
    }
  }

  /** The ids listed by every readable shard of the index but `path`. */
  private idsInOtherShards(path: string): Set<string> {
    const ids = new Set<string>();
    for (const name of readdirSync(this.layout.indexDir)) {
      if (shardOrdinal(name) === null || `${INDEX_DIR}/${name}` === path) continue;
      try {
        for (const id of readShardHeadSync(join(this.layout.indexDir, name)).header.ids) ids.add(id);
      } catch {
        // Damaged too: it is repaired on its own.
      }
    }
    return ids;
  }

  /** Creates `dir` and any missing parents inside the data directory, making each new entry durable. */
  private async makeDirectories(dir: string): Promise<void> {
    const missing: string[] = [];
    for (let at = dir; at !== this.layout.dataDir && !existsSync(at); at = dirname(at)) missing.unshift(at);
    for (const folder of missing) await this.storage.makeDirectory(folder);
  }

  /**
   * Finishes repairs a stopped process left half done: a file its report says was restored from a
   * backup but is missing is restored now (the articles of a shard come back from their folders, as
   * at every open), and a file it never moved aside is left for this open to repair afresh.
   */
  static async finishInterrupted(layout: LibraryLayout, storage: Storage, folders: ArticleFolders, now: Date): Promise<void> {
    const root = layout.recoveredDir;
    for (const name of (await readdir(root).catch(absentAs([] as string[]))).sort()) {
      const file = join(root, name, REPORT_FILE);
      const report = await readReport(file);
      if (!report || report.finished !== false) continue;
      const helper = new Repair(layout, storage, folders, now);
      // A file the stopped repair never moved aside is still where it was: this open repairs it afresh.
      report.files = report.files.filter((repaired) => repaired.kind === 'index-folder' || existsSync(join(root, name, ...repaired.path.split('/'))));
      if (report.files.length === 0) {
        await rm(join(root, name), { recursive: true, force: true });
        continue;
      }
      for (const repaired of report.files) {
        const live = join(layout.dataDir, ...repaired.path.split('/'));
        if (repaired.kind === 'index-folder' || !repaired.restoredFrom || repaired.backupPredates || existsSync(live)) continue;
        const backup = (await listRollingBackups(layout.dataDir)).find((s) => s.createdAt === repaired.restoredFrom);
        const content = backup ? await helper.fromBackup(backup, repaired.path, repaired.kind) : null;
        if (content) await storage.writeDurably(live, content);
        else repaired.restoredFrom = null;
      }
      await storage.writeDurably(file, JSON.stringify({ ...report, finished: true, interrupted: true }, null, 1));
    }
  }
}

/** The common kinds of damage a crash leaves, in words; null for anything else (the parser's reason is used). */
function describeDamage(bytes: Buffer | null): string | null {
  if (!bytes) return null;
  if (bytes.length === 0) return 'it is empty';
  if (bytes.every((b) => b === 0)) return 'it is filled with zero bytes';
  return null;
}

function kindOf(path: string): Kind | null {
  const [dir, name, ...rest] = path.split('/');
  if (dir === INDEX_DIR && name && rest.length === 0) {
    if (shardOrdinal(name) !== null) return 'shard';
    if (stateOrdinal(name) !== null) return 'state-shard';
    if (name === TAGS_FILE) return 'tags';
  }
  if (path === SETTINGS_FILE || path === LAYOUT2_SETTINGS_FILE) return 'settings';
  if (dir === FEEDS_DIR && name && rest.length === 0) {
    if (name === FEED_LIST_FILE) return 'feed-list';
    if (feedStateId(name) !== null) return 'feed-state';
  }
  return null;
}
