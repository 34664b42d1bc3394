import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { readingMinutes, wordCount } from '../../shared/reading';
import type { LibraryNotice } from '../../shared/types';
import type { DamagedFileError } from './damage';
import { syncDirectory, writeFileDurably } from './durable-file';
import { articleRecordSchema, type ArticleRecord, legacyDbSchema, legacyStateSchema, quickRecord, settingsFileSchema, stateShardSchema } from './schema';
import { parseShard, readShardHeadSync, serializeShard, urlKey } from './shard-file';
import { listSnapshots, readSnapshotFile, type Snapshot } from './snapshots';

/**
 * Repair of damaged library files on open. Each damaged file is moved aside into
 * `recovered/<time>/` (never deleted or overwritten), replaced by its copy in the newest rolling
 * backup whose copy is intact, and what happened is written to `recovered/<time>/report.json`,
 * which the app shows as a notice until dismissed and the CLI prints. Articles whose folders are
 * on disk but whose index entries the backup lacks are added back from their folders (each holds
 * its record as `record.json`).
 */

export const RECOVERED_DIR = 'recovered';
/** Each article folder's copy of its index record, for rebuilding the index from the folders. */
export const RECORD_FILE = 'record.json';
const REPORT = 'report.json';

type Kind = 'shard' | 'state-shard' | 'settings' | 'legacy-db';

interface RepairedFile {
  path: string;
  reason: string;
  kind: Kind;
  /** When the backup it was restored from was taken; null when no backup had an intact copy. */
  restoredFrom: string | null;
  /** True when that backup was taken before the file existed, so the file was removed. */
  backupPredates?: boolean;
}

interface Report {
  id: string;
  createdAt: string;
  files: RepairedFile[];
  /** Articles added back to the index from their folders; null when the repair did not finish (they came back at the next open). */
  recoveredArticles: number | null;
  /** False while the repair is under way; a report left false was interrupted, and is finished at the next open. */
  finished?: boolean;
  /** True when the repair was interrupted and finished by a later open. */
  interrupted?: boolean;
  /** Files an open found in article folders that may not hold them, moved here (see folder-check.ts). */
  setAside?: string[];
  dismissedAt: string | null;
}

/**
 * One open's repairs: collects what was done and writes the report. Each repair writes the report
 * before it touches the damaged file, so a process stopped part-way still leaves the reader told;
 * the articles a moved-aside shard listed are put back from their folders at any later open.
 */
export class Recovery {
  private readonly files: RepairedFile[] = [];
  private recoveredArticles = 0;
  readonly id: string;

  constructor(
    readonly dataDir: string,
    private readonly now: Date,
  ) {
    // Time first, so the folders sort by it; a random tail, so two repairs in one millisecond stay apart.
    this.id = `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  }

  get repaired(): boolean {
    return this.files.length > 0;
  }

  /** True when an index shard (or the first layout's db.json) was replaced, so index entries may be missing. */
  get indexRepaired(): boolean {
    return this.files.some((f) => f.kind === 'shard' || f.kind === 'legacy-db');
  }

  /** True once `file` has been repaired (a second failure on it is not repaired again). */
  has(file: string): boolean {
    const path = this.relative(file);
    return this.files.some((f) => f.path === path);
  }

  /** Whether a damaged file is one this knows how to repair. */
  canRepair(error: DamagedFileError): boolean {
    return kindOf(this.relative(error.file)) !== null && !this.has(error.file);
  }

  /** Moves the damaged file aside and puts the newest intact backup of it in its place (or nothing). */
  async repair(error: DamagedFileError): Promise<void> {
    const path = this.relative(error.file);
    const kind = kindOf(path)!;
    const reason = describeDamage(await readFile(error.file).catch(() => null)) ?? error.reason;
    const restore = await this.restoreFor(path, kind);
    const aside = join(this.dataDir, RECOVERED_DIR, this.id, ...path.split('/'));
    await mkdirDurably(dirname(aside), this.dataDir);
    this.files.push({ path, reason, kind, restoredFrom: restore.from, ...(restore.predates ? { backupPredates: true } : {}) });
    await this.writeReport(null, false);
    await rename(error.file, aside);
    await syncDirectory(dirname(aside));
    await syncDirectory(dirname(error.file));
    if (restore.content) await writeFileDurably(error.file, restore.content);
  }

  /**
   * What to put in place of `path`: the copy in the newest backup that has an intact one (backups
   * stamped later than now, from a clock that was wrong, are tried last), or nothing.
   */
  private async restoreFor(path: string, kind: Kind): Promise<{ content: string | Buffer | null; from: string | null; predates: boolean }> {
    for (const snapshot of await listSnapshots(this.dataDir, this.now)) {
      if (!snapshot.files.some((f) => f.path === path)) {
        // The file did not exist yet when this backup was taken: as of then, it is rightly absent.
        if (kind === 'legacy-db') continue;
        return { content: null, from: snapshot.createdAt, predates: true };
      }
      const content = await this.fromSnapshot(snapshot, path, kind);
      if (content) return { content, from: snapshot.createdAt, predates: false };
    }
    return { content: null, from: null, predates: false };
  }

  /** Counts articles put back into the index from their folders. */
  addRecoveredArticles(count: number): void {
    this.recoveredArticles += count;
  }

  /** Writes the finished report beside the files moved aside, and returns it as the notice to show. */
  async save(): Promise<LibraryNotice> {
    return noticeOf(this.dataDir, await this.writeReport(this.recoveredArticles, true));
  }

  private async writeReport(recoveredArticles: number | null, finished: boolean): Promise<Report> {
    const report: Report = { id: this.id, createdAt: this.now.toISOString(), files: this.files, recoveredArticles, finished, dismissedAt: null };
    const dir = join(this.dataDir, RECOVERED_DIR, this.id);
    await mkdirDurably(dir, this.dataDir);
    await writeFileDurably(join(dir, REPORT), JSON.stringify(report, null, 1));
    return report;
  }

  /**
   * Finishes repairs a stopped process left half done: a file its report says was restored from a
   * backup but is missing is restored now (the articles of a shard come back from their folders, as
   * at every open), and a file it never moved aside is left for this open to repair afresh.
   */
  static async finishInterrupted(dataDir: string, now: Date): Promise<void> {
    const root = join(dataDir, RECOVERED_DIR);
    for (const name of (await readdir(root).catch(() => [] as string[])).sort()) {
      const file = join(root, name, REPORT);
      const report = await readReport(file);
      if (!report || report.finished !== false) continue;
      const helper = new Recovery(dataDir, now);
      // A file the stopped repair never moved aside is still where it was: this open repairs it afresh.
      report.files = report.files.filter((repaired) => existsSync(join(root, name, ...repaired.path.split('/'))));
      if (report.files.length === 0) {
        await rm(join(root, name), { recursive: true, force: true });
        continue;
      }
      for (const repaired of report.files) {
        const live = join(dataDir, ...repaired.path.split('/'));
        if (!repaired.restoredFrom || repaired.backupPredates || existsSync(live)) continue;
        const snapshot = (await listSnapshots(dataDir)).find((s) => s.createdAt === repaired.restoredFrom);
        const content = snapshot ? await helper.fromSnapshot(snapshot, repaired.path, repaired.kind) : null;
        if (content) await writeFileDurably(live, content);
        else repaired.restoredFrom = null;
      }
      await writeFileDurably(file, JSON.stringify({ ...report, finished: true, interrupted: true }, null, 1));
    }
  }

  /** A backup's copy of `path` if it is intact and valid; index shards lose the articles whose folders are gone. */
  async fromSnapshot(snapshot: Snapshot, path: string, kind: Kind): Promise<string | Buffer | null> {
    const bytes = await readSnapshotFile(snapshot, path);
    if (!bytes) return null;
    try {
      switch (kind) {
        case 'shard': {
          const content = parseShard(bytes);
          const records = content.lines.map((line) => {
            const raw = JSON.parse(line) as unknown;
            return quickRecord(raw) ?? articleRecordSchema.parse(raw);
          });
          if (records.some((r, i) => r.id !== content.ids[i])) return null;
          // Articles deleted since the backup was taken have no folder any more; an article that
          // another shard now lists (put back from its folder by an earlier repair) stays there.
          const elsewhere = this.idsInOtherShards(path);
          const kept: ArticleRecord[] = [];
          for (const record of records) {
            if (elsewhere.has(record.id) || !existsSync(join(this.dataDir, 'articles', record.id, 'body.html'))) continue;
            // The folder's own copy is newer than the backup's when the article was saved again or updated since.
            const own = await readStoredRecord(join(this.dataDir, 'articles', record.id));
            kept.push(own?.id === record.id ? own : record);
          }
          return serializeShard({ ids: kept.map((r) => r.id), urlKeys: kept.map((r) => urlKey(r.normalizedUrl)), lines: kept.map((r) => JSON.stringify(r)) });
        }
        case 'state-shard':
          return stateShardSchema.safeParse(JSON.parse(bytes.toString('utf8'))).success ? bytes : null;
        case 'settings': {
          const raw = JSON.parse(bytes.toString('utf8')) as unknown;
          return settingsFileSchema.safeParse(raw).success || legacyStateSchema.safeParse(raw).success ? bytes : null;
        }
        case 'legacy-db':
          return legacyDbSchema.safeParse(JSON.parse(bytes.toString('utf8'))).success ? bytes : null;
      }
    } catch {
      return null;
    }
  }

  /** The ids listed by every readable shard of the index but `path`. */
  private idsInOtherShards(path: string): Set<string> {
    const ids = new Set<string>();
    const indexDir = join(this.dataDir, 'index');
    for (const name of readdirSync(indexDir).filter((n) => /^\d{6}\.articles\.jsonl$/.test(n))) {
      if (`index/${name}` === path) continue;
      try {
        for (const id of readShardHeadSync(join(indexDir, name)).header.ids) ids.add(id);
      } catch {
        // Damaged too: it is repaired on its own.
      }
    }
    return ids;
  }

  private relative(file: string): string {
    return relative(this.dataDir, file).split(sep).join('/');
  }
}

/** Creates `dir` and makes each new folder's entry durable, up to `root`. */
async function mkdirDurably(dir: string, root: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (!first) return;
  for (let at = dir; ; at = dirname(at)) {
    await syncDirectory(dirname(at));
    if (at === first || dirname(at) === root || at === root) break;
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
  if (/^index\/\d{6}\.articles\.jsonl$/.test(path)) return 'shard';
  if (/^index\/\d{6}\.state\.json$/.test(path)) return 'state-shard';
  if (path === 'state.json') return 'settings';
  if (path === 'db.json') return 'legacy-db';
  return null;
}

/**
 * The index records of article folders the index does not list, oldest saved first (see
 * folderRecord). Folders without a body are not articles and are left for the usual cleanup.
 */
export async function recordsFromFolders(dataDir: string, known: (id: string) => boolean): Promise<ArticleRecord[]> {
  const records: ArticleRecord[] = [];
  for (const name of await readdir(join(dataDir, 'articles')).catch(() => [] as string[])) {
    if (known(name)) continue;
    const record = await folderRecord(dataDir, name);
    if (record) records.push(record);
  }
  return sortBySavedAt(records);
}

/** Oldest saved first. */
export function sortBySavedAt(records: ArticleRecord[]): ArticleRecord[] {
  return records.sort((a, b) => (a.savedAt < b.savedAt ? -1 : a.savedAt > b.savedAt ? 1 : 0));
}

/**
 * The index record of the article in folder `articles/<name>/`: its record.json (written with
 * every save and update, so always the newest), or, for a folder saved before record.json existed,
 * worked out from its files (title from the stored page or the first line of the text, saved time
 * from the body's modification time). Null when the folder is not a whole article (no body, or a
 * name that is not an article id, like a staging or a deleted folder).
 */
export async function folderRecord(dataDir: string, name: string, options: { strict?: boolean } = {}): Promise<ArticleRecord | null> {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return null;
  const dir = join(dataDir, 'articles', name);
  const [body, text] = await Promise.all([stat(join(dir, 'body.html')).catch(() => null), stat(join(dir, BODY_TEXT_FILE)).catch(() => null)]);
  if (!body?.isFile() || !text?.isFile()) return null;
  const stored = await readStoredRecord(dir);
  if (stored?.id === name) return stored;
  // Strict (the clean-up at every open): only a folder a save finished writing counts as an article.
  return options.strict ? null : guessRecord(dir, name, body.mtime);
}

const BODY_TEXT_FILE = 'body.txt';

async function readStoredRecord(dir: string): Promise<ArticleRecord | null> {
  const text = await readFile(join(dir, RECORD_FILE), 'utf8').catch(() => null);
  if (text === null) return null;
  const parsed = articleRecordSchema.safeParse(parseOrNull(text));
  return parsed.success ? parsed.data : null;
}

async function guessRecord(dir: string, id: string, savedAt: Date): Promise<ArticleRecord> {
  const text = await readFile(join(dir, 'body.txt'), 'utf8').catch(() => '');
  const raw = await readFile(join(dir, 'raw.html'), 'utf8').catch(() => null);
  const images = await readdir(join(dir, 'images')).catch(() => [] as string[]);
  const isHtml = raw !== null && /<(html|head|body|title|p|div|article)[\s>]/i.test(raw);
  const pageTitle = isHtml ? /<title[^>]*>([^<]{1,300})<\/title>/i.exec(raw)?.[1]?.trim() : undefined;
  const firstLine = text.split('\n').find((line) => line.trim())?.trim().slice(0, 200);
  return {
    id,
    title: decodeEntities(pageTitle || firstLine || 'Recovered article'),
    byline: null,
    siteName: null,
    excerpt: text.trim().slice(0, 200) || null,
    lang: null,
    dir: null,
    publishedTime: null,
    savedAt: savedAt.toISOString(),
    url: null,
    finalUrl: null,
    canonicalUrl: null,
    normalizedUrl: null,
    wordCount: wordCount(text),
    readingMinutes: readingMinutes(text),
    source: isHtml ? 'html' : 'text',
    raw: raw === null ? null : { contentType: isHtml ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8', charset: 'utf-8' },
    images: { total: images.length, saved: images.length, failed: [] },
    leadImage: null,
  };
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return named[entity.toLowerCase()] ?? whole;
  });
}

/**
 * Writes the report of files moved out of article folders (paths relative to the data folder, as
 * they will be kept under the returned folder), before they are moved, so the reader is told even
 * if the move is cut short.
 */
export async function reportSetAside(dataDir: string, now: Date, paths: string[]): Promise<string> {
  const { id } = new Recovery(dataDir, now);
  const dir = join(dataDir, RECOVERED_DIR, id);
  await mkdirDurably(dir, dataDir);
  const report: Report = { id, createdAt: now.toISOString(), files: [], recoveredArticles: 0, finished: true, setAside: paths, dismissedAt: null };
  await writeFileDurably(join(dir, REPORT), JSON.stringify(report, null, 1));
  return dir;
}

/** Repairs not yet dismissed, oldest first. */
export async function pendingNotices(dataDir: string): Promise<LibraryNotice[]> {
  const root = join(dataDir, RECOVERED_DIR);
  const notices: LibraryNotice[] = [];
  for (const name of (await readdir(root).catch(() => [] as string[])).sort()) {
    const report = await readReport(join(root, name, REPORT));
    if (report && report.dismissedAt === null) notices.push(noticeOf(dataDir, report));
  }
  return notices;
}

/** Marks a repair's notice as seen; false when there is no such notice. */
export async function dismissNotice(dataDir: string, id: string, now: Date): Promise<boolean> {
  if (!/^[0-9A-Za-z-]{1,60}$/.test(id)) return false;
  const file = join(dataDir, RECOVERED_DIR, id, REPORT);
  const report = await readReport(file);
  if (!report) return false;
  if (report.dismissedAt === null) await writeFileDurably(file, JSON.stringify({ ...report, dismissedAt: now.toISOString() }, null, 1));
  return true;
}

async function readReport(file: string): Promise<Report | null> {
  try {
    const report = JSON.parse(await readFile(file, 'utf8')) as Report;
    return typeof report.id === 'string' && Array.isArray(report.files) ? report : null;
  } catch {
    return null;
  }
}

/** What a repair means for the reader, in sentences. */
function noticeOf(dataDir: string, report: Report): LibraryNotice {
  const lines: string[] = [];
  const when = (iso: string) => iso.replace('T', ' ').slice(0, 16) + ' UTC';
  for (const file of report.files) {
    const restored = !file.restoredFrom
      ? 'no backup had an intact copy of it'
      : file.backupPredates
        ? `the backup of ${when(file.restoredFrom)} was taken before it existed, so it was removed`
        : `restored from the backup of ${when(file.restoredFrom)}`;
    lines.push(`${file.path} was damaged (${file.reason}); ${restored}.`);
    if (file.kind === 'state-shard') {
      lines.push(
        file.restoredFrom
          ? `Bookmarks, reading positions and read or archived marks changed since ${when(file.restoredFrom)} for the articles it covers are lost.`
          : 'The bookmarks, reading positions and read or archived marks it held are lost.',
      );
    } else if (file.kind === 'settings') {
      lines.push(file.restoredFrom ? `Settings changed since ${when(file.restoredFrom)} are lost.` : 'Settings are back to their defaults.');
    }
  }
  if (report.setAside?.length) {
    const count = report.setAside.length;
    lines.push(`${count} ${count === 1 ? 'file' : 'files'} that an article folder may not hold (only the article's record, body, text, page and stored images belong there) ${count === 1 ? 'was' : 'were'} moved out, and will never be shown or served: ${report.setAside.join(', ')}.`);
  }
  const indexFile = report.files.some((f) => f.kind === 'shard' || f.kind === 'legacy-db');
  if (report.recoveredArticles === null) {
    lines.push(
      indexFile
        ? 'The repair was interrupted and finished when the library next opened; articles missing from the index were put back from their folders.'
        : 'The repair was interrupted and finished when the library next opened.',
    );
  } else if (report.recoveredArticles > 0) {
    lines.push(`${report.recoveredArticles} ${report.recoveredArticles === 1 ? 'article was' : 'articles were'} put back into the library from ${report.recoveredArticles === 1 ? 'its folder' : 'their folders'}.`);
  } else if (indexFile) {
    lines.push('No articles were lost.');
  }
  return { id: report.id, createdAt: report.createdAt, lines, keptIn: join(dataDir, RECOVERED_DIR, report.id) };
}
