import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { access, mkdir, opendir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import type { ArticlePage, ArticleView } from '../../shared/api';
import { OffprintError } from '../../shared/errors';
import { nearestTextSize } from '../../shared/text-size';
import type { Article, ArticleSummary, BookmarkEntry, LibraryNotice, PlaceBookmark, ReadingPosition, Settings } from '../../shared/types';
import { DamagedFileError, damagedFile, refuseNewer, wrongShape } from './damage';
import { ArticleIndex, type Shard, SHARD_CAPACITY, stateFileName } from './article-index';
import { DurableJsonFile, syncDirectory, writeFileDurably } from './durable-file';
import { ensureIndexLayout, INDEX_DIR } from './migrate';
import { isStoredImageName } from './article-folder-files';
import { setAsideUnexpectedFiles } from './folder-check';
import { dismissNotice, folderRecord, pendingNotices, RECORD_FILE, Recovery, recordsFromFolders, sortBySavedAt } from './recover';
import {
  type ArticleRecord,
  emptySettingsFile,
  emptyStateShard,
  legacyStateSchema,
  type ReadingState,
  SCHEMA_VERSION,
  type SettingsFile,
  settingsFileSchema,
  type StateShard,
  stateShardSchema,
} from './schema';
import { BackupSchedule, takeSnapshot } from './snapshots';

/** The files an article is made of, written into its folder when it is added. */
export interface ArticleFiles {
  /** Sanitised article HTML. */
  bodyHtml: string;
  /** The article as plain text, paragraphs separated by blank lines. */
  bodyText: string;
  /** The page exactly as fetched or given, for re-extraction later. */
  rawPage: Uint8Array | null;
  /** Stored images by file name (written to images/). */
  images?: Map<string, Uint8Array>;
}

export interface LibraryOptions {
  dataDir: string;
  /** The clock, injectable for tests. */
  now?: () => Date;
  /** Repair damaged files on open (default); false for a private read-only copy, which only reports them. */
  recover?: boolean;
  /** Take rolling backups of the index while open: one whenever the newest is older than `everyMs`. */
  backups?: { everyMs: number } | false;
}

/** Rolling backups for a library a person uses: one every six hours while it is in use. */
export const DEFAULT_BACKUPS = { everyMs: 6 * 60 * 60 * 1000 };

type StateFiles = Map<number, { file: string; data: StateShard }>;

/** What changed in the library, for what keeps derived data (the search index) up to date. */
export type LibraryChange = { type: 'put'; record: ArticleRecord; bodyText: string } | { type: 'delete'; id: string };
export type LibraryListener = (change: LibraryChange) => Promise<void> | void;

type NewRecord = Omit<ArticleRecord, 'savedAt'> & { savedAt?: string };

const BODY_HTML = 'body.html';
const BODY_TEXT = 'body.txt';
const RAW_PAGE = 'raw.html';
const IMAGES = 'images';
const STAGING_PREFIX = '.staging-';
/** Marks the folder of an article being deleted (`<id>.deleted-<random>`). */
const DELETED_MARK = '.deleted-';

/**
 * The saved articles of one data directory:
 * - `index/NNNNNN.articles.jsonl`: the article index, in shards of at most 256 records (lowdb, one
 *   JSON Lines file per shard). Opening reads only each shard's header line.
 * - `index/NNNNNN.state.json`: bookmarks, reading positions, read/archived marks and bookmarked
 *   places of that shard's articles (lowdb), so a frequent change writes one small file.
 * - `state.json`: settings. `articles/<id>/`: each article's body, text, raw page and images.
 * Every change is serialised through one queue and written durably before the call returns; a
 * change that fails leaves memory and disk as they were.
 */
export class Library {
  readonly dataDir: string;
  private readonly now: () => Date;
  private readonly index: ArticleIndex;
  private readonly settingsDb: Low<SettingsFile>;
  private readonly stateDbs = new Map<Shard, Low<StateShard>>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<LibraryListener>();
  // Per-article state of every article, merged from the state shards.
  private readonly bookmarks = new Map<string, { createdAt: string }>();
  private readonly reading = new Map<string, ReadingState>();
  private readonly archived = new Map<string, string>();
  private readonly placesOf = new Map<string, PlaceBookmark[]>();
  private readonly excludedCache = new Map<'all' | 'unread', { ids: Set<string>; perShard: Map<Shard, number> }>();
  private readonly viewCache = new Map<string, string[]>();
  /** Bumped whenever articles or their state change, so cached view filters can be told apart. */
  private stateVersion = 0;

  private constructor(options: LibraryOptions, index: ArticleIndex, settingsDb: Low<SettingsFile>) {
    this.dataDir = options.dataDir;
    this.now = options.now ?? (() => new Date());
    this.index = index;
    this.settingsDb = settingsDb;
  }

  /**
   * Opens (or creates) the library in `dataDir`. A damaged index or state file is moved aside and
   * restored from the newest intact rolling backup, articles the backup lacks are put back from
   * their folders, and `recovery` says what happened (see recover.ts); a file this cannot repair
   * is a `storage` error naming it, and is left as it is.
   */
  static async open(options: LibraryOptions): Promise<Library> {
    const now = options.now ?? (() => new Date());
    const recovery = options.recover === false ? null : new Recovery(options.dataDir, now());
    // A repair a stopped process left half done is finished first.
    if (recovery) await Recovery.finishInterrupted(options.dataDir, now());
    let opened: { library: Library; states: StateFiles };
    for (;;) {
      try {
        opened = await Library.openFiles(options, recovery);
        break;
      } catch (error) {
        if (!(error instanceof DamagedFileError) || !recovery?.canRepair(error)) throw error;
        // A replacement stopped between its two renames has the article under <id>.old-*: put it
        // back first, or the repair would take the article for deleted.
        if (!recovery.repaired) await rollBackReplacements(options.dataDir);
        await recovery.repair(error);
      }
    }
    const { library, states } = opened;
    if (recovery?.repaired) {
      if (recovery.indexRepaired) recovery.addRecoveredArticles(await library.adoptFolders(states));
      library.recovery = await recovery.save();
    }
    // Listing 50,000 article folders takes longer than everything above, so leftovers of an
    // interrupted save are looked for after open returns, as the first change in the queue:
    // nothing can add or remove a folder before that is done.
    void library.serialize(() => library.removeLeftovers()).catch(() => undefined);
    // Off the path of open: a pass over every state entry, which almost always finds nothing.
    void library
      .serialize(async () => {
        const stray = library.strayState(states);
        if (stray.length === 0) return;
        const current = library.currentStates();
        for (const id of stray) if (library.index.has(id) && !library.hasState(id)) await library.bringStateHome(id, current);
      })
      .catch(() => undefined);
    // Files an article folder may not hold (a hand-edited folder, a planted note.html) are moved aside, never served.
    library.foldersChecked = setAsideUnexpectedFiles({
      dataDir: options.dataDir,
      now,
      isArticle: (name) => library.index.has(name),
      stopped: () => library.closed,
      serialize: (task) => library.serialize(task),
    }).catch(() => [] as string[]); // a folder it cannot read or move from is left as it is: the check is a safeguard, not a repair the open depends on
    if (recovery) {
      library.index.onDamaged = (shard, error) => library.repairLater(shard, error);
      library.verified = library.verifyShards();
    }
    if (options.backups) {
      library.backups = new BackupSchedule(options.dataDir, options.backups.everyMs, now, () => library.size === 0);
      // After the look for leftovers queued by open, so a backup never copies what it removes.
      library.backups.start(library.flush());
    }
    return library;
  }

  /**
   * Resolves once every shard's records have been read and checked after open (a record damaged
   * in place keeps its file's length, so opening, which reads only headers, cannot see it). One
   * shard per queued step, so changes and reads are never held up for long.
   */
  verified: Promise<void> = Promise.resolve();

  /** Resolves, after open, with the files moved out of article folders that may not hold them (see folder-check.ts). */
  foldersChecked: Promise<string[]> = Promise.resolve([]);

  private async verifyShards(): Promise<void> {
    for (const shard of [...this.index.shards]) {
      if (this.closed) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.serialize(async () => {
        if (this.closed || !this.index.shards.includes(shard)) return;
        try {
          this.index.verify(shard);
        } catch {
          // verify reported it through onDamaged, which queued the repair.
        }
      }).catch(() => undefined);
    }
    await this.flush();
  }

  private readonly repairing = new Set<Shard>();

  /** Queues the repair of a shard found damaged while open (once per shard). */
  private repairLater(shard: Shard, error: OffprintError): void {
    if (!(error instanceof DamagedFileError) || this.repairing.has(shard) || this.closed) return;
    this.repairing.add(shard);
    const repair = () => this.repairShard(shard, error);
    void this.serialize(() => (this.backups ? this.backups.hold(repair) : repair()))
      .catch(() => undefined)
      .finally(() => this.repairing.delete(shard));
  }

  /** Moves a damaged shard aside, restores it from the newest intact backup, and puts back the articles it lost from their folders. */
  private async repairShard(shard: Shard, error: DamagedFileError): Promise<void> {
    if (!this.index.shards.includes(shard)) return;
    const recovery = new Recovery(this.dataDir, this.now());
    if (!recovery.canRepair(error)) return;
    await recovery.repair(error);
    this.index.reload(shard);
    this.forgetViews();
    recovery.addRecoveredArticles(await this.adoptFolders(this.currentStates()));
    this.recovery = await recovery.save();
  }

  private closed = false;

  private static async openFiles(options: LibraryOptions, recovery: Recovery | null): Promise<{ library: Library; states: StateFiles }> {
    const articlesDir = join(options.dataDir, 'articles');
    await mkdir(articlesDir, { recursive: true });
    await ensureIndexLayout(options.dataDir, {
      beforeMigration: () => takeSnapshot(options.dataDir, 'before-migration', (options.now ?? (() => new Date()))()),
      // A first-layout db.json that was damaged and had no backup: its records come from the folders.
      recordsWithoutDb: recovery?.indexRepaired
        ? async () => {
            const records = await recordsFromFolders(options.dataDir, () => false);
            recovery.addRecoveredArticles(records.length);
            return records;
          }
        : undefined,
    });
    const indexDir = join(options.dataDir, INDEX_DIR);
    const names = await readdir(indexDir);
    const [index, settingsDb] = await Promise.all([ArticleIndex.open(indexDir, names), openSettings(join(options.dataDir, 'state.json'))]);
    const library = new Library(options, index, settingsDb);
    const states = readStateShards(indexDir, names);
    library.loadState(states);
    return { library, states };
  }

  /** What the library repaired when this open found a damaged file, if it did. */
  recovery: LibraryNotice | null = null;

  /** Repairs of earlier opens (and this one) that the reader has not dismissed yet. */
  notices(): Promise<LibraryNotice[]> {
    return pendingNotices(this.dataDir);
  }

  /** Marks a repair notice as read. */
  dismissNotice(id: string): Promise<{ id: string }> {
    return this.serialize(async () => {
      if (!(await dismissNotice(this.dataDir, id, this.now()))) throw new OffprintError('not-found', `There is no notice with the id ${id}.`);
      return { id };
    });
  }

  private backups: BackupSchedule | null = null;

  /** Stops the backup schedule and waits for every queued change. */
  async close(): Promise<void> {
    this.closed = true;
    await this.backups?.stop();
    // The check after open stops at its next step; a repair it queued is finished, not cut short.
    await this.verified;
    await this.foldersChecked;
    await this.flush();
  }

  /**
   * Puts articles whose folders are on disk but not in the index (after an index shard was
   * restored from an older backup) back into it, with any state the state files still hold for
   * them. Returns how many.
   */
  private async adoptFolders(states: StateFiles, found?: ArticleRecord[]): Promise<number> {
    const records = found ?? (await recordsFromFolders(this.dataDir, (id) => this.index.has(id)));
    let committed = 0;
    while (committed < records.length) {
      const shard = this.index.shardForNew();
      const batch = records.slice(committed, committed + SHARD_CAPACITY - shard.ids.length);
      await this.commitIndex(shard, { put: batch });
      committed += batch.length;
    }
    for (const record of records) await this.bringStateHome(record.id, states);
    for (const record of records) {
      const bodyText = await readFile(join(this.articleDir(record.id), BODY_TEXT), 'utf8').catch(() => '');
      await this.emit({ type: 'put', record, bodyText });
    }
    return records.length;
  }

  /**
   * Gives article `id` the state its own shard's state file holds for it (skipped at load, when the
   * index lacked it), and copies into that file what other shards' state files still hold for it
   * (an article put back from its folder may have landed in another shard than before).
   */
  private async bringStateHome(id: string, states: StateFiles): Promise<void> {
    const owner = this.shardOf(id);
    let own = this.stateDbs.get(owner);
    const ownFile = states.get(owner.ordinal);
    if (!own && ownFile) {
      own = new Low(new DurableJsonFile<StateShard>(ownFile.file), ownFile.data);
      this.stateDbs.set(owner, own);
    }
    if (own) this.mergeState(id, own.data);
    for (const [ordinal, { data }] of states) {
      if (ordinal === owner.ordinal) continue;
      const places = data.places.filter((p) => p.articleId === id);
      if (!(id in data.bookmarks || id in data.reading || id in data.archived || places.length)) continue;
      await this.commitState(owner, id, (mine) => ({
        ...mine,
        bookmarks: id in data.bookmarks ? { ...mine.bookmarks, [id]: data.bookmarks[id]! } : mine.bookmarks,
        reading: id in data.reading ? { ...mine.reading, [id]: data.reading[id]! } : mine.reading,
        archived: id in data.archived ? { ...mine.archived, [id]: data.archived[id]! } : mine.archived,
        places: [...mine.places.filter((p) => p.articleId !== id), ...places],
      }));
    }
  }

  /**
   * Articles with no state in their own shard's state file but some in another's: left so when a
   * process stopped between putting articles back into the index and moving their state (see
   * adoptFolders). Their state is moved home after open.
   */
  private strayState(files: StateFiles): string[] {
    const stray = new Set<string>();
    for (const [ordinal, { data }] of files) {
      const ids = [...Object.keys(data.bookmarks), ...Object.keys(data.reading), ...Object.keys(data.archived), ...data.places.map((p) => p.articleId)];
      for (const id of ids) if (this.index.has(id) && this.shardOf(id).ordinal !== ordinal && !this.hasState(id)) stray.add(id);
    }
    return [...stray];
  }

  /** Calls `listener` after every committed change (awaited, in order; its failures do not undo the change). */
  onChange(listener: LibraryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A page of articles in a view, newest (or oldest) saved first; `continue` is most recently read first. */
  list(view: ArticleView = 'all', offset = 0, limit = 50, sort: 'newest' | 'oldest' = 'newest'): ArticlePage {
    let ids: string[];
    let total: number;
    if (view === 'all' || view === 'unread') {
      // Walk the list order only as far as the page; the total comes from the (small) state maps.
      const { ids: excluded, perShard } = this.excludedFrom(view);
      total = this.index.size - excluded.size;
      ids = this.index.page(sort === 'newest', (id) => !excluded.has(id), offset, limit, (shard) => shard.ids.length - (perShard.get(shard) ?? 0));
    } else {
      const matching = this.smallView(view, sort);
      total = matching.length;
      ids = this.index.readAhead(matching.slice(offset, offset + limit));
    }
    return { items: ids.map((id) => this.summary(id)), total };
  }

  /** Ids of articles left out of `all` (archived) or `unread` (archived or read), kept until the state changes. */
  private excludedFrom(view: 'all' | 'unread'): { ids: Set<string>; perShard: Map<Shard, number> } {
    const cached = this.excludedCache.get(view);
    if (cached) return cached;
    const ids = new Set<string>();
    for (const id of this.archived.keys()) if (this.index.has(id)) ids.add(id);
    if (view === 'unread') for (const [id, state] of this.reading) if (state.readAt && this.index.has(id)) ids.add(id);
    const perShard = new Map<Shard, number>();
    for (const id of ids) {
      const shard = this.index.slot(id)!.shard;
      perShard.set(shard, (perShard.get(shard) ?? 0) + 1);
    }
    const excluded = { ids, perShard };
    this.excludedCache.set(view, excluded);
    return excluded;
  }

  /**
   * The articles of a view as a set to keep (`include`) or to leave out (`exclude`) of everything
   * else, whichever is small, with a version that changes whenever the answer may (for callers that
   * cache it, like the search worker).
   */
  viewFilter(view: ArticleView): { key: string; mode: 'include' | 'exclude'; ids: string[] } {
    const key = `${view}:${this.stateVersion}`;
    if (view === 'all' || view === 'unread') return { key, mode: 'exclude', ids: [...this.excludedFrom(view).ids] };
    const source = view === 'bookmarked' ? this.bookmarks.keys() : view === 'archived' ? this.archived.keys() : this.reading.keys();
    return { key, mode: 'include', ids: [...source].filter((id) => this.index.has(id) && this.matchesView(id, view)) };
  }

  /** Whether the library holds an article with this id. */
  has(id: string): boolean {
    return this.index.has(id);
  }

  /** The ids of a view drawn from the state maps, in order; kept until the state or the index changes. */
  private smallView(view: 'bookmarked' | 'archived' | 'continue', sort: 'newest' | 'oldest'): string[] {
    const key = `${view}:${view === 'continue' ? '' : sort}`;
    const cached = this.viewCache.get(key);
    if (cached) return cached;
    const source = view === 'bookmarked' ? this.bookmarks.keys() : view === 'archived' ? this.archived.keys() : this.reading.keys();
    const matching = [...source].filter((id) => this.index.has(id) && this.matchesView(id, view));
    if (view === 'continue') {
      const lastRead = new Map(matching.map((id) => [id, this.reading.get(id)?.lastReadAt ?? '']));
      matching.sort((a, b) => byIsoTime(lastRead.get(b)!, lastRead.get(a)!));
    } else {
      const direction = sort === 'newest' ? -1 : 1;
      matching.sort((a, b) => direction * (this.index.position(a) - this.index.position(b)));
    }
    this.viewCache.set(key, matching);
    return matching;
  }

  /** Whether an article belongs in a view (see ArticleView). */
  matchesView(id: string, view: ArticleView): boolean {
    const archived = this.archived.has(id);
    const state = this.reading.get(id);
    switch (view) {
      case 'all':
        return !archived;
      case 'unread':
        return !archived && !state?.readAt;
      case 'bookmarked':
        return this.bookmarks.has(id);
      case 'archived':
        return archived;
      case 'continue':
        return !archived && !state?.readAt && (state?.progress ?? 0) > 0;
    }
  }

  /** Bookmarked articles and places, newest first. */
  listBookmarks(): BookmarkEntry[] {
    const entries: BookmarkEntry[] = [];
    for (const [id, { createdAt }] of this.bookmarks) {
      if (this.index.has(id)) entries.push({ kind: 'article', createdAt, article: this.summary(id) });
    }
    for (const [id, places] of this.placesOf) {
      if (!this.index.has(id)) continue;
      for (const place of places) entries.push({ kind: 'place', createdAt: place.createdAt, article: this.summary(id), place });
    }
    return entries.sort((a, b) => byIsoTime(b.createdAt, a.createdAt));
  }

  /** The places bookmarked in one article, in reading order. */
  places(id: string): PlaceBookmark[] {
    return [...(this.placesOf.get(id) ?? [])].sort((a, b) => a.position.block - b.position.block || a.position.offset - b.position.offset);
  }

  summary(id: string): ArticleSummary {
    return this.summarize(this.record(id));
  }

  async get(id: string): Promise<Article> {
    const record = this.record(id);
    let html: string;
    try {
      html = await readFile(join(this.articleDir(id), BODY_HTML), 'utf8');
    } catch (error) {
      throw new OffprintError('storage', `The body of "${record.title}" is missing from the library folder.`, { cause: error });
    }
    return { ...this.summarize(record), html, places: this.places(id) };
  }

  /** The article's plain text, as stored when it was saved. */
  async text(id: string): Promise<string> {
    this.record(id);
    return readFile(join(this.articleDir(id), BODY_TEXT), 'utf8');
  }

  /**
   * The same, read synchronously: for a page of search results, twenty small reads from the page
   * cache cost less than a millisecond this way, and ten times that through the thread pool.
   */
  textSync(id: string): string {
    this.record(id);
    return readFileSync(join(this.articleDir(id), BODY_TEXT), 'utf8');
  }

  /** The stored article whose normalised address is `normalizedUrl`, if any. */
  findByNormalizedUrl(normalizedUrl: string): ArticleRecord | undefined {
    for (const id of this.index.candidatesForUrl(normalizedUrl)) {
      const record = this.index.get(id);
      if (record?.normalizedUrl === normalizedUrl) return record;
    }
    return undefined;
  }

  /** A fresh stable id: time-ordered, unique, safe in paths and URLs. */
  newId(): string {
    return `${this.now().getTime().toString(36)}-${randomBytes(5).toString('hex')}`;
  }

  /**
   * Adds an article (or replaces the one with the same id): its files are written into a staging
   * folder, moved into place, and only then is the record committed to its index shard. Any
   * failure removes what was written and leaves the library as it was.
   */
  add(record: NewRecord, files: ArticleFiles): Promise<ArticleSummary> {
    return this.serialize(async () => {
      const full: ArticleRecord = { ...record, savedAt: record.savedAt ?? this.now().toISOString() };
      const shard = this.index.slot(full.id)?.shard ?? this.index.shardForNew();
      const placed = await this.placeFolder(full, files);
      try {
        await this.commitIndex(shard, { put: [full] });
      } catch (error) {
        await placed.undo();
        throw error;
      }
      await placed.done();
      await this.emit({ type: 'put', record: full, bodyText: files.bodyText });
      return this.summarize(full);
    });
  }

  /**
   * Adds many new articles at once through the same storage code as `add`, writing each index
   * shard once per batch rather than once per article (for imports and the benchmark). Each
   * shard's part is atomic; a failure keeps the shards already committed and removes the folders
   * of the rest.
   */
  addMany(items: { record: NewRecord; files: ArticleFiles }[], options: { concurrency?: number } = {}): Promise<number> {
    return this.serialize(async () => {
      const records = items.map(({ record }) => ({ ...record, savedAt: record.savedAt ?? this.now().toISOString() }) as ArticleRecord);
      const seen = new Set<string>();
      for (const r of records) {
        if (this.index.has(r.id) || seen.has(r.id)) throw new OffprintError('invalid-argument', `The article ${r.id} is already in the library.`);
        seen.add(r.id);
      }
      const placed: { done(): Promise<void>; undo(): Promise<void> }[] = new Array(items.length);
      let next = 0;
      let failed = false;
      const worker = async () => {
        while (next < items.length && !failed) {
          const i = next++;
          try {
            placed[i] = await this.placeFolder(records[i]!, items[i]!.files);
          } catch (error) {
            failed = true;
            throw error;
          }
        }
      };
      // Every worker has stopped before anything is undone, so no folder is placed after the undo.
      const outcomes = await Promise.allSettled(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
      const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failure) {
        await Promise.all(placed.filter(Boolean).map((p) => p.undo()));
        throw failure.reason;
      }
      let committed = 0;
      try {
        while (committed < records.length) {
          const shard = this.index.shardForNew();
          const room = SHARD_CAPACITY - shard.ids.length;
          const batch = records.slice(committed, committed + room);
          await this.commitIndex(shard, { put: batch });
          committed += batch.length;
        }
      } catch (error) {
        await Promise.all(placed.slice(committed).map((p) => p.undo()));
        throw error;
      }
      for (let i = 0; i < records.length; i++) await this.emit({ type: 'put', record: records[i]!, bodyText: items[i]!.files.bodyText });
      return committed;
    });
  }

  /**
   * Replaces an article's body and adds images to it (after fetching missing images again). New
   * images are written first, then the body, then the record: a failure part-way leaves the old body
   * pointing only at images that exist.
   */
  updateBody(
    id: string,
    update: { bodyHtml: string; bodyText: string; images: Map<string, Uint8Array>; report: ArticleRecord['images']; leadImage: string | null },
  ): Promise<ArticleSummary> {
    return this.serialize(async () => {
      const record = this.record(id);
      const dir = this.articleDir(id);
      try {
        await writeImages(join(dir, IMAGES), update.images);
        await writeFileDurably(join(dir, BODY_HTML), update.bodyHtml);
        await writeFileDurably(join(dir, BODY_TEXT), update.bodyText);
      } catch (error) {
        throw new OffprintError('storage', `The article could not be updated: ${(error as Error).message}`, { cause: error });
      }
      const next: ArticleRecord = { ...record, images: update.report, leadImage: update.leadImage ?? record.leadImage };
      // The folder's copy first: if the index write then fails, the copy only describes images that exist.
      await writeFileDurably(join(dir, RECORD_FILE), JSON.stringify(next)).catch((error: unknown) => {
        throw new OffprintError('storage', `The article could not be updated: ${(error as Error).message}`, { cause: error });
      });
      await this.commitIndex(this.index.slot(id)!.shard, { put: [next] });
      await this.emit({ type: 'put', record: next, bodyText: update.bodyText });
      return this.summarize(next);
    });
  }

  /** Removes an article and everything stored for it. */
  delete(id: string): Promise<{ id: string }> {
    return this.serialize(async () => {
      this.record(id);
      const shard = this.index.slot(id)!.shard;
      // The folder is renamed out of the way first (and that is made durable), so a folder found
      // later without an index entry is never mistaken for an article to put back: after a crash
      // the next open renames it back if the index still lists the article, and removes it if not.
      const articlesDir = join(this.dataDir, 'articles');
      const deleted = `${this.articleDir(id)}${DELETED_MARK}${randomBytes(4).toString('hex')}`;
      let moved = false;
      try {
        await rename(this.articleDir(id), deleted);
        moved = true;
        await syncDirectory(articlesDir);
      } catch (error) {
        if (moved) await rename(deleted, this.articleDir(id)).catch(() => undefined);
        // A folder already missing is nothing to keep; anything else (a file held open elsewhere) stops the delete.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || moved) {
          throw new OffprintError('storage', `The article could not be deleted: ${(error as Error).message}`, { cause: error });
        }
      }
      try {
        await this.commitIndex(shard, { remove: [id] });
      } catch (error) {
        if (moved) await rename(deleted, this.articleDir(id)).catch(() => undefined);
        throw error;
      }
      // The index no longer has it; its state goes next (a crash between leaves state the next open ignores).
      if (this.hasState(id)) {
        await this.commitState(shard, id, (data) => ({
          ...data,
          bookmarks: without(data.bookmarks, id),
          reading: without(data.reading, id),
          archived: without(data.archived, id),
          places: data.places.filter((p) => p.articleId !== id),
        }));
      }
      await rm(deleted, { recursive: true, force: true });
      await this.emit({ type: 'delete', id });
      return { id };
    });
  }

  setBookmarked(id: string, bookmarked: boolean): Promise<ArticleSummary> {
    return this.serialize(async () => {
      const record = this.record(id);
      if (this.bookmarks.has(id) !== bookmarked) {
        const createdAt = this.now().toISOString();
        await this.commitState(this.shardOf(id), id, (data) => ({
          ...data,
          bookmarks: bookmarked ? { ...data.bookmarks, [id]: { createdAt } } : without(data.bookmarks, id),
        }));
      }
      return this.summarize(record);
    });
  }

  settings(): Settings {
    return { ...this.settingsDb.data.settings };
  }

  updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.serialize(async () => {
      const next: Settings = { ...this.settingsDb.data.settings, ...patch };
      if (patch.textSize !== undefined) next.textSize = nearestTextSize(patch.textSize);
      await commitTo(this.settingsDb, (data) => ({ ...data, settings: next }));
      return { ...next };
    });
  }

  /** Remembers where the reader is; reaching the end (100) marks the article read. */
  saveProgress(id: string, position: ReadingPosition, progress: number): Promise<ArticleSummary> {
    return this.serialize(async () => {
      const record = this.record(id);
      const now = this.now().toISOString();
      const previous = this.reading.get(id);
      const clamped = Math.max(0, Math.min(100, Math.round(progress)));
      const readAt = previous?.readAt ?? (clamped >= 100 ? now : null);
      await this.commitState(this.shardOf(id), id, (data) => ({
        ...data,
        reading: { ...data.reading, [id]: { position, progress: clamped, lastReadAt: now, readAt } },
      }));
      return this.summarize(record);
    });
  }

  setRead(id: string, read: boolean): Promise<ArticleSummary> {
    return this.serialize(async () => {
      const record = this.record(id);
      const previous = this.reading.get(id) ?? { position: null, progress: 0, lastReadAt: null, readAt: null };
      const next = read
        ? { ...previous, readAt: previous.readAt ?? this.now().toISOString() }
        : { ...previous, readAt: null, progress: previous.progress >= 100 ? 0 : previous.progress, position: previous.progress >= 100 ? null : previous.position };
      await this.commitState(this.shardOf(id), id, (data) => ({ ...data, reading: { ...data.reading, [id]: next } }));
      return this.summarize(record);
    });
  }

  setArchived(id: string, archived: boolean): Promise<ArticleSummary> {
    return this.serialize(async () => {
      const record = this.record(id);
      const now = this.now().toISOString();
      await this.commitState(this.shardOf(id), id, (data) => ({
        ...data,
        archived: archived ? { ...data.archived, [id]: data.archived[id] ?? now } : without(data.archived, id),
      }));
      return this.summarize(record);
    });
  }

  addPlace(id: string, position: ReadingPosition, snippet: string, note: string | null): Promise<PlaceBookmark> {
    return this.serialize(async () => {
      this.record(id);
      const place: PlaceBookmark = { placeId: this.newId(), articleId: id, position, snippet: snippet.trim().slice(0, 300), note, createdAt: this.now().toISOString() };
      await this.commitState(this.shardOf(id), id, (data) => ({ ...data, places: [...data.places, place] }));
      return place;
    });
  }

  deletePlace(placeId: string): Promise<{ placeId: string }> {
    return this.serialize(async () => {
      const place = [...this.placesOf.values()].flat().find((p) => p.placeId === placeId);
      if (!place) throw new OffprintError('not-found', 'That bookmarked place no longer exists.');
      await this.commitState(this.shardOf(place.articleId), place.articleId, (data) => ({ ...data, places: data.places.filter((p) => p.placeId !== placeId) }));
      return { placeId };
    });
  }

  /** How many articles the library holds. */
  get size(): number {
    return this.index.size;
  }

  /** Resolves once every change queued so far is on disk. */
  async flush(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  private record(id: string): ArticleRecord {
    const record = this.index.get(id);
    if (!record) throw new OffprintError('not-found', `There is no saved article with the id ${id}.`);
    return record;
  }

  private shardOf(id: string): Shard {
    return this.index.slot(id)!.shard;
  }

  private articleDir(id: string): string {
    return join(this.dataDir, 'articles', id);
  }

  private summarize(record: ArticleRecord): ArticleSummary {
    const bookmark = this.bookmarks.get(record.id);
    const state = this.reading.get(record.id);
    // Spelled out rather than spread: this runs for every row of every page.
    return {
      id: record.id,
      title: record.title,
      byline: record.byline,
      siteName: record.siteName,
      excerpt: record.excerpt,
      lang: record.lang,
      dir: record.dir,
      publishedTime: record.publishedTime,
      savedAt: record.savedAt,
      url: record.url,
      finalUrl: record.finalUrl,
      canonicalUrl: record.canonicalUrl,
      wordCount: record.wordCount,
      readingMinutes: record.readingMinutes,
      source: record.source,
      images: record.images,
      leadImage: record.leadImage,
      bookmarked: Boolean(bookmark),
      bookmarkedAt: bookmark?.createdAt ?? null,
      progress: state?.readAt ? 100 : (state?.progress ?? 0),
      position: state?.position ?? null,
      lastReadAt: state?.lastReadAt ?? null,
      readAt: state?.readAt ?? null,
      archivedAt: this.archived.get(record.id) ?? null,
    };
  }

  /**
   * Writes an article's folder under a staging name and moves it into place (keeping a replaced
   * copy aside until the index is committed). `undo` puts everything back; `done` drops the old copy.
   */
  private async placeFolder(record: ArticleRecord, files: ArticleFiles): Promise<{ done(): Promise<void>; undo(): Promise<void> }> {
    const id = record.id;
    const articlesDir = join(this.dataDir, 'articles');
    const staging = join(articlesDir, `${STAGING_PREFIX}${id}-${randomBytes(4).toString('hex')}`);
    const finalDir = this.articleDir(id);
    const replacedDir = this.index.has(id) ? `${finalDir}.old-${randomBytes(4).toString('hex')}` : null;
    try {
      await mkdir(staging, { recursive: true });
      await writeFileDurably(join(staging, BODY_HTML), files.bodyHtml);
      await writeFileDurably(join(staging, BODY_TEXT), files.bodyText);
      await writeFileDurably(join(staging, RECORD_FILE), JSON.stringify(record));
      if (files.rawPage) await writeFileDurably(join(staging, RAW_PAGE), files.rawPage);
      await writeImages(join(staging, IMAGES), files.images);
      await syncDirectory(staging);
      if (replacedDir) await rename(finalDir, replacedDir);
      await rename(staging, finalDir);
      await syncDirectory(articlesDir);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      if (replacedDir) await rename(replacedDir, finalDir).catch(() => undefined);
      throw new OffprintError('storage', `The article could not be written to the library folder: ${(error as Error).message}`, { cause: error });
    }
    return {
      done: async () => {
        if (replacedDir) await rm(replacedDir, { recursive: true, force: true });
      },
      undo: async () => {
        // Out of the way under a deleted mark first: a folder half removed is never taken for an article.
        const doomed = `${finalDir}${DELETED_MARK}${randomBytes(4).toString('hex')}`;
        const movedAway = await rename(finalDir, doomed).then(
          () => true,
          () => false,
        );
        if (!movedAway) await rm(finalDir, { recursive: true, force: true });
        if (replacedDir) await rename(replacedDir, finalDir).catch(() => undefined);
        await rm(doomed, { recursive: true, force: true });
      },
    };
  }

  private async commitIndex(shard: Shard, change: Parameters<ArticleIndex['commit']>[1]): Promise<void> {
    await this.index.commit(shard, change);
    this.forgetViews();
  }

  /** Drops what was derived from the articles and their state (view lists, filters), after a change. */
  private forgetViews(): void {
    this.excludedCache.clear();
    this.viewCache.clear();
    this.stateVersion++;
  }

  private hasState(id: string): boolean {
    return this.bookmarks.has(id) || this.reading.has(id) || this.archived.has(id) || this.placesOf.has(id);
  }

  /** Writes the state shard of `shard` with `change` applied, then refreshes the merged state of article `id`. */
  private async commitState(shard: Shard, id: string, change: (data: StateShard) => StateShard): Promise<void> {
    let db = this.stateDbs.get(shard);
    if (!db) {
      db = new Low(new DurableJsonFile<StateShard>(join(this.index.dir, stateFileName(shard.ordinal))), emptyStateShard());
      this.stateDbs.set(shard, db);
    }
    await commitTo(db, change);
    this.mergeState(id, db.data);
  }

  private mergeState(id: string, data: StateShard): void {
    this.forgetViews();
    const set = <V>(map: Map<string, V>, value: V | undefined) => (value === undefined ? map.delete(id) : map.set(id, value));
    set(this.bookmarks, data.bookmarks[id]);
    set(this.reading, data.reading[id]);
    set(this.archived, data.archived[id]);
    const places = data.places.filter((p) => p.articleId === id);
    set(this.placesOf, places.length ? places : undefined);
  }

  /** Merges the state shards; entries for articles not in that shard (left by an interrupted delete) are ignored. */
  private loadState(files: StateFiles): void {
    for (const shard of this.index.shards) {
      const loaded = files.get(shard.ordinal);
      if (!loaded) continue;
      const { file, data } = loaded;
      const db = new Low(new DurableJsonFile<StateShard>(file), data);
      this.stateDbs.set(shard, db);
      const mine = (id: string) => this.index.slot(id)?.shard === shard;
      for (const [id, value] of Object.entries(data.bookmarks)) if (mine(id)) this.bookmarks.set(id, value);
      for (const [id, value] of Object.entries(data.reading)) if (mine(id)) this.reading.set(id, value);
      for (const [id, value] of Object.entries(data.archived)) if (mine(id)) this.archived.set(id, value);
      for (const place of data.places) {
        if (!mine(place.articleId)) continue;
        const list = this.placesOf.get(place.articleId);
        if (list) list.push(place);
        else this.placesOf.set(place.articleId, [place]);
      }
    }
  }

  private async emit(change: LibraryChange): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(change);
      } catch {
        // Derived data only: the search index reconciles itself with the library when it next opens.
      }
    }
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Puts the library folder in order after whatever stopped the last process: temporary files and
   * staging folders are removed; an interrupted replacement or delete is rolled back or finished;
   * and a whole article folder the index does not list (a save stopped between placing its folder
   * and writing its index entry, or the articles of a shard whose repair was interrupted) is put
   * back into the index from its record.json. Folders that are not whole articles are removed.
   */
  private async removeLeftovers(): Promise<void> {
    // Temporary files of durable writes killed before their rename (`.<file>.<pid>.<random>.tmp`),
    // unless the process that owns one is still alive (it may be mid-write).
    for (const name of await readdir(this.dataDir)) {
      const match = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name);
      if (match && !processAlive(Number(match[1]))) await rm(join(this.dataDir, name), { force: true });
    }
    const articlesDir = join(this.dataDir, 'articles');
    // opendir hands the 50,000 names over a few dozen at a time, so requests answered meanwhile do not wait for all of them.
    const names: string[] = [];
    for await (const entry of await opendir(articlesDir, { bufferSize: 256 })) if (!this.index.has(entry.name)) names.push(entry.name);
    // Replacements first: their old copy decides what a deleted-marked sibling is.
    const order = (name: string) => (name.includes('.old-') ? 0 : name.includes(DELETED_MARK) ? 1 : 2);
    names.sort((a, b) => order(a) - order(b));
    const orphans: ArticleRecord[] = [];
    for (const name of names) {
      const full = join(articlesDir, name);
      if (!(await exists(full))) continue;
      const mark = name.includes('.old-') ? '.old-' : name.includes(DELETED_MARK) ? DELETED_MARK : null;
      const of = mark ? name.slice(0, name.indexOf(mark)) : null;
      if (of !== null && this.index.has(of) && !(await exists(this.articleDir(of)))) {
        // A replacement or a delete stopped before its index change: the folder is still the article's.
        await rename(full, this.articleDir(of));
      } else if (mark === '.old-' && of !== null && this.index.has(of)) {
        await this.settleReplacement(of, full);
      } else if (!(await stat(full).then((s) => s.isDirectory(), () => false))) {
        continue;
      } else {
        // Any whole article folder counts, with or without a record.json (folders from before it existed).
        const record = mark ? null : await folderRecord(this.dataDir, name);
        if (record) orphans.push(record);
        else await rm(full, { recursive: true, force: true });
      }
    }
    if (orphans.length) await this.adoptFolders(this.currentStates(), sortBySavedAt(orphans));
  }

  /**
   * A replacement that left its old copy (`old`) beside the article's folder. If the index already
   * has the new folder's record, the replacement was committed and only its clean-up was cut short;
   * otherwise it was not acknowledged, and is rolled back to the old copy.
   */
  private async settleReplacement(id: string, old: string): Promise<void> {
    const placed = await folderRecord(this.dataDir, id, { strict: true });
    const indexed = this.index.get(id);
    const committed = placed !== null && indexed !== undefined && sameRecord(placed, indexed);
    if (committed) {
      await rm(old, { recursive: true, force: true });
      return;
    }
    const doomed = `${this.articleDir(id)}${DELETED_MARK}${randomBytes(4).toString('hex')}`;
    await rename(this.articleDir(id), doomed);
    await rename(old, this.articleDir(id));
    await syncDirectory(join(this.dataDir, 'articles'));
    await rm(doomed, { recursive: true, force: true });
  }

  /**
   * Every state file by shard number: as in memory, and from disk for those not loaded (the state
   * file of a shard whose index file is gone still holds its articles' bookmarks and positions).
   */
  private currentStates(): StateFiles {
    let states: StateFiles = new Map();
    try {
      states = readStateShards(this.index.dir, readdirSync(this.index.dir));
    } catch {
      // A state file damaged since open: the ones in memory are used.
    }
    for (const [shard, db] of this.stateDbs) states.set(shard.ordinal, { file: join(this.index.dir, stateFileName(shard.ordinal)), data: db.data });
    return states;
  }
}

/** Two records are the same (key order aside). */
function sameRecord(a: ArticleRecord, b: ArticleRecord): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Renames `<id>.old-*` folders back to `<id>` where no `<id>` folder exists (see placeFolder). */
async function rollBackReplacements(dataDir: string): Promise<void> {
  const articlesDir = join(dataDir, 'articles');
  for (const name of await readdir(articlesDir).catch(() => [] as string[])) {
    const at = name.indexOf('.old-');
    if (at <= 0) continue;
    const target = join(articlesDir, name.slice(0, at));
    if (!(await exists(target))) await rename(join(articlesDir, name), target);
  }
  await syncDirectory(articlesDir);
}

/** Every state shard of the index, by shard number, validated (read synchronously, as shard headers are). */
function readStateShards(indexDir: string, names: string[]): StateFiles {
  const out = new Map<number, { file: string; data: StateShard }>();
  for (const name of names) {
    if (!/^\d{6}\.state\.json$/.test(name)) continue;
    const file = join(indexDir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
      refuseNewer(raw);
    } catch (error) {
      throw damagedFile(file, error);
    }
    const parsed = stateShardSchema.safeParse(raw);
    if (!parsed.success) throw wrongShape(file);
    out.set(Number(name.slice(0, 6)), { file, data: parsed.data });
  }
  return out;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function writeImages(dir: string, images: Map<string, Uint8Array> | undefined): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of images ?? []) {
    if (!isStoredImageName(name)) throw new Error(`unexpected image file name ${name}`);
    await writeFileDurably(join(dir, name), bytes);
  }
}

/**
 * state.json holds the settings. One in the first layout's shape (settings with per-article
 * state, already copied into the index by the migration) is rewritten with its settings only.
 */
async function openSettings(file: string): Promise<Low<SettingsFile>> {
  const db = new Low<SettingsFile>(new DurableJsonFile<SettingsFile>(file), emptySettingsFile());
  let raw: unknown;
  try {
    raw = await new DurableJsonFile<unknown>(file).read();
  } catch (error) {
    throw damagedFile(file, error);
  }
  if (raw === null) return db;
  try {
    refuseNewer(raw);
  } catch (error) {
    throw damagedFile(file, error);
  }
  if ((raw as { schemaVersion?: unknown } | null)?.schemaVersion === 1) {
    const legacy = legacyStateSchema.safeParse(raw);
    if (!legacy.success) throw wrongShape(file);
    db.data = { schemaVersion: SCHEMA_VERSION, settings: legacy.data.settings };
    await db.write();
    return db;
  }
  const parsed = settingsFileSchema.safeParse(raw);
  if (!parsed.success) throw wrongShape(file);
  db.data = parsed.data;
  return db;
}

async function commitTo<T>(db: Low<T>, change: (data: T) => T): Promise<void> {
  const previous = db.data;
  db.data = change(previous);
  try {
    await db.write();
  } catch (error) {
    db.data = previous;
    throw new OffprintError('storage', `The library could not be written: ${(error as Error).message}`, { cause: error });
  }
}

/** Orders ISO 8601 UTC times (plain string order; localeCompare is an order of magnitude slower). */
function byIsoTime(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function without<V>(record: Record<string, V>, key: string): Record<string, V> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

/** True when a process with this pid exists on this machine (this one included). */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
