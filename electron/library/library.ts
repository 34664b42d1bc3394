import { randomBytes } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import type { ArticlePage, ArticleView } from '../../shared/api';
import { OffprintError } from '../../shared/errors';
import { nearestTextSize } from '../../shared/text-size';
import type { Article, ArticleSummary, BookmarkEntry, PlaceBookmark, ReadingPosition, Settings } from '../../shared/types';
import { DurableJsonFile, syncDirectory, writeFileDurably } from './durable-file';
import { type ArticleRecord, type DbData, dbSchema, emptyDb, emptyState, type StateData, stateSchema } from './schema';
import type { z } from 'zod';

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
}

const BODY_HTML = 'body.html';
const BODY_TEXT = 'body.txt';
const RAW_PAGE = 'raw.html';
const IMAGES = 'images';
const STAGING_PREFIX = '.staging-';

/**
 * The saved articles of one data directory. Metadata, bookmarks and settings are in `db.json`
 * (lowdb); each article's body, text and raw page are files in `articles/<id>/`. Every change is
 * serialised through one queue and written durably before the call returns; a change that fails
 * leaves memory and disk as they were.
 */
export class Library {
  readonly dataDir: string;
  private readonly db: Low<DbData>;
  private readonly state: Low<StateData>;
  private readonly now: () => Date;
  private queue: Promise<unknown> = Promise.resolve();
  private byId = new Map<string, ArticleRecord>();

  private constructor(options: LibraryOptions, db: Low<DbData>, state: Low<StateData>) {
    this.dataDir = options.dataDir;
    this.now = options.now ?? (() => new Date());
    this.db = db;
    this.state = state;
  }

  /** Opens (or creates) the library in `dataDir`, refusing to touch a file it cannot understand. */
  static async open(options: LibraryOptions): Promise<Library> {
    await mkdir(join(options.dataDir, 'articles'), { recursive: true });
    const db = await openJson(join(options.dataDir, 'db.json'), dbSchema, emptyDb());
    const state = await openJson(join(options.dataDir, 'state.json'), stateSchema, emptyState());
    const library = new Library(options, db, state);
    library.reindex();
    await library.removeLeftovers();
    return library;
  }

  /** A page of articles in a view, newest (or oldest) saved first; `continue` is most recently read first. */
  list(view: ArticleView = 'all', offset = 0, limit = 50, sort: 'newest' | 'oldest' = 'newest'): ArticlePage {
    const { articles } = this.db.data;
    const { bookmarks, reading, archived } = this.state.data;
    const keep = (r: ArticleRecord): boolean => {
      switch (view) {
        case 'all':
          return !archived[r.id];
        case 'unread':
          return !archived[r.id] && !reading[r.id]?.readAt;
        case 'bookmarked':
          return Boolean(bookmarks[r.id]);
        case 'archived':
          return Boolean(archived[r.id]);
        case 'continue': {
          const state = reading[r.id];
          return !archived[r.id] && !state?.readAt && (state?.progress ?? 0) > 0;
        }
      }
    };
    let matching: ArticleRecord[] = [];
    if (sort === 'newest') {
      for (let i = articles.length - 1; i >= 0; i--) if (keep(articles[i]!)) matching.push(articles[i]!);
    } else {
      matching = articles.filter(keep);
    }
    if (view === 'continue') {
      matching.sort((a, b) => (reading[b.id]?.lastReadAt ?? '').localeCompare(reading[a.id]?.lastReadAt ?? ''));
    }
    return { items: matching.slice(offset, offset + limit).map((r) => this.summarize(r)), total: matching.length };
  }

  /** Bookmarked articles and places, newest first. */
  listBookmarks(): BookmarkEntry[] {
    const { bookmarks, places } = this.state.data;
    const entries: BookmarkEntry[] = [];
    for (const [id, { createdAt }] of Object.entries(bookmarks)) {
      const record = this.byId.get(id);
      if (record) entries.push({ kind: 'article', createdAt, article: this.summarize(record) });
    }
    for (const place of places) {
      const record = this.byId.get(place.articleId);
      if (record) entries.push({ kind: 'place', createdAt: place.createdAt, article: this.summarize(record), place });
    }
    return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The places bookmarked in one article, in reading order. */
  places(id: string): PlaceBookmark[] {
    return this.state.data.places
      .filter((p) => p.articleId === id)
      .sort((a, b) => a.position.block - b.position.block || a.position.offset - b.position.offset);
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

  /** The stored article whose normalised address is `normalizedUrl`, if any. */
  findByNormalizedUrl(normalizedUrl: string): ArticleRecord | undefined {
    return this.db.data.articles.find((a) => a.normalizedUrl === normalizedUrl);
  }

  /** A fresh stable id: time-ordered, unique, safe in paths and URLs. */
  newId(): string {
    return `${this.now().getTime().toString(36)}-${randomBytes(5).toString('hex')}`;
  }

  /**
   * Adds an article (or replaces the one with the same id): its files are written into a staging
   * folder, moved into place, and only then is the record committed to db.json. Any failure
   * removes what was written and leaves the library as it was.
   */
  add(record: Omit<ArticleRecord, 'savedAt'> & { savedAt?: string }, files: ArticleFiles): Promise<ArticleSummary> {
    return this.serialize(async () => {
      const full: ArticleRecord = { ...record, savedAt: record.savedAt ?? this.now().toISOString() };
      const articlesDir = join(this.dataDir, 'articles');
      const staging = join(articlesDir, `${STAGING_PREFIX}${full.id}-${randomBytes(4).toString('hex')}`);
      const finalDir = this.articleDir(full.id);
      const previous = this.byId.get(full.id);
      const replacedDir = previous ? `${finalDir}.old-${randomBytes(4).toString('hex')}` : null;
      try {
        await mkdir(staging, { recursive: true });
        await writeFileDurably(join(staging, BODY_HTML), files.bodyHtml);
        await writeFileDurably(join(staging, BODY_TEXT), files.bodyText);
        if (files.rawPage) await writeFileDurably(join(staging, RAW_PAGE), files.rawPage);
        await writeImages(join(staging, IMAGES), files.images);
        if (replacedDir) await rename(finalDir, replacedDir);
        await rename(staging, finalDir);
        await syncDirectory(articlesDir);
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        if (replacedDir) await rename(replacedDir, finalDir).catch(() => undefined);
        throw new OffprintError('storage', `The article could not be written to the library folder: ${(error as Error).message}`, { cause: error });
      }
      try {
        await this.commitIndex((data) => ({
          ...data,
          articles: previous ? data.articles.map((a) => (a.id === full.id ? full : a)) : [...data.articles, full],
        }));
      } catch (error) {
        await rm(finalDir, { recursive: true, force: true });
        if (replacedDir) await rename(replacedDir, finalDir).catch(() => undefined);
        throw error;
      }
      if (replacedDir) await rm(replacedDir, { recursive: true, force: true });
      return this.summarize(full);
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
      await this.commitIndex((data) => ({ ...data, articles: data.articles.map((a) => (a.id === id ? next : a)) }));
      return this.summarize(next);
    });
  }

  /** Removes an article and everything stored for it. */
  delete(id: string): Promise<{ id: string }> {
    return this.serialize(async () => {
      this.record(id);
      await this.commitIndex((data) => ({ ...data, articles: data.articles.filter((a) => a.id !== id) }));
      // The index no longer has it; its state goes next (a crash between leaves state the next open ignores).
      await this.commitState((data) => ({
        ...data,
        bookmarks: without(data.bookmarks, id),
        reading: without(data.reading, id),
        archived: without(data.archived, id),
        places: data.places.filter((p) => p.articleId !== id),
      }));
      // The record is gone first: a crash here leaves an orphan folder, which the next open removes.
      await rm(this.articleDir(id), { recursive: true, force: true });
      return { id };
    });
  }

  setBookmarked(id: string, bookmarked: boolean): Promise<ArticleSummary> {
    return this.serialize(async () => {
      const record = this.record(id);
      const isBookmarked = Boolean(this.state.data.bookmarks[id]);
      if (isBookmarked !== bookmarked) {
        const createdAt = this.now().toISOString();
        await this.commitState((data) => ({
          ...data,
          bookmarks: bookmarked ? { ...data.bookmarks, [id]: { createdAt } } : without(data.bookmarks, id),
        }));
      }
      return this.summarize(record);
    });
  }

  settings(): Settings {
    return { ...this.state.data.settings };
  }

  updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.serialize(async () => {
      const next: Settings = { ...this.state.data.settings, ...patch };
      if (patch.textSize !== undefined) next.textSize = nearestTextSize(patch.textSize);
      await this.commitState((data) => ({ ...data, settings: next }));
      return { ...next };
    });
  }

  /** Remembers where the reader is; reaching the end (100) marks the article read. */
  saveProgress(id: string, position: ReadingPosition, progress: number): Promise<ArticleSummary> {
    return this.serialize(async () => {
      const record = this.record(id);
      const now = this.now().toISOString();
      const previous = this.state.data.reading[id];
      const clamped = Math.max(0, Math.min(100, Math.round(progress)));
      const readAt = previous?.readAt ?? (clamped >= 100 ? now : null);
      await this.commitState((data) => ({
        ...data,
        reading: { ...data.reading, [id]: { position, progress: clamped, lastReadAt: now, readAt } },
      }));
      return this.summarize(record);
    });
  }

  setRead(id: string, read: boolean): Promise<ArticleSummary> {
    return this.serialize(async () => {
      const record = this.record(id);
      const previous = this.state.data.reading[id] ?? { position: null, progress: 0, lastReadAt: null, readAt: null };
      const next = read
        ? { ...previous, readAt: previous.readAt ?? this.now().toISOString() }
        : { ...previous, readAt: null, progress: previous.progress >= 100 ? 0 : previous.progress, position: previous.progress >= 100 ? null : previous.position };
      await this.commitState((data) => ({ ...data, reading: { ...data.reading, [id]: next } }));
      return this.summarize(record);
    });
  }

  setArchived(id: string, archived: boolean): Promise<ArticleSummary> {
    return this.serialize(async () => {
      const record = this.record(id);
      const now = this.now().toISOString();
      await this.commitState((data) => ({
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
      await this.commitState((data) => ({ ...data, places: [...data.places, place] }));
      return place;
    });
  }

  deletePlace(placeId: string): Promise<{ placeId: string }> {
    return this.serialize(async () => {
      if (!this.state.data.places.some((p) => p.placeId === placeId)) {
        throw new OffprintError('not-found', 'That bookmarked place no longer exists.');
      }
      await this.commitState((data) => ({ ...data, places: data.places.filter((p) => p.placeId !== placeId) }));
      return { placeId };
    });
  }

  /** How many articles the library holds. */
  get size(): number {
    return this.db.data.articles.length;
  }

  /** Resolves once every change queued so far is on disk. */
  async flush(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  private record(id: string): ArticleRecord {
    const record = this.byId.get(id);
    if (!record) throw new OffprintError('not-found', `There is no saved article with the id ${id}.`);
    return record;
  }

  private articleDir(id: string): string {
    return join(this.dataDir, 'articles', id);
  }

  private summarize(record: ArticleRecord): ArticleSummary {
    const { bookmarks, reading, archived } = this.state.data;
    const bookmark = bookmarks[record.id];
    const state = reading[record.id];
    const { normalizedUrl: _n, raw: _r, ...rest } = record;
    return {
      ...rest,
      bookmarked: Boolean(bookmark),
      bookmarkedAt: bookmark?.createdAt ?? null,
      progress: state?.readAt ? 100 : (state?.progress ?? 0),
      position: state?.position ?? null,
      lastReadAt: state?.lastReadAt ?? null,
      readAt: state?.readAt ?? null,
      archivedAt: archived[record.id] ?? null,
    };
  }

  /** Writes the article index with `change` applied; memory changes only once the write succeeded. */
  private async commitIndex(change: (data: DbData) => DbData): Promise<void> {
    await commitTo(this.db, change);
    this.reindex();
  }

  /** Writes the small, often-changed state file with `change` applied. */
  private async commitState(change: (data: StateData) => StateData): Promise<void> {
    await commitTo(this.state, change);
  }

  private reindex(): void {
    this.byId = new Map(this.db.data.articles.map((a) => [a.id, a]));
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Staging folders from an interrupted save, and folders of articles the index does not know, are removed on open. */
  private async removeLeftovers(): Promise<void> {
    const articlesDir = join(this.dataDir, 'articles');
    for (const entry of await readdir(articlesDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const full = join(articlesDir, entry.name);
      const oldOf = entry.name.includes('.old-') ? entry.name.slice(0, entry.name.indexOf('.old-')) : null;
      if (oldOf !== null && this.byId.has(oldOf) && !(await exists(this.articleDir(oldOf)))) {
        // A replacement was interrupted between its two renames: the previous copy is still the good one.
        await rename(full, this.articleDir(oldOf));
      } else if (entry.name.startsWith(STAGING_PREFIX) || oldOf !== null || !this.byId.has(entry.name)) {
        await rm(full, { recursive: true, force: true });
      }
    }
  }
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
    if (!/^[a-z0-9]+\.[a-z0-9]+$/.test(name)) throw new Error(`unexpected image file name ${name}`);
    await writeFileDurably(join(dir, name), bytes);
  }
}

/** Reads one lowdb file, validating its shape; a file that is damaged or of an unknown shape is never overwritten. */
async function openJson<T>(file: string, schema: z.ZodType<T>, empty: T): Promise<Low<T>> {
  const db = new Low<T>(new DurableJsonFile<T>(file), empty);
  try {
    await db.read();
  } catch (error) {
    throw new OffprintError('storage', `The library file ${file} could not be read (${(error as Error).message}). It has been left untouched.`, { cause: error });
  }
  const parsed = schema.safeParse(db.data);
  if (!parsed.success) {
    throw new OffprintError('storage', `The library file ${file} is not in a shape Offprint understands. It has been left untouched.`);
  }
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

function without<V>(record: Record<string, V>, key: string): Record<string, V> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}
