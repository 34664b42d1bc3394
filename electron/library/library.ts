// This file is the entirety of the library's public API. Behind it, one job per file: the on-disk
// layout (layout.ts), durable writes and the fault seam (storage.ts), the article index
// (article-index.ts), article folders (article-folders.ts), reading state (reading-state.ts),
// settings (settings.ts), views and paging (views.ts), opening, repair and clean-up (open.ts,
// repair.ts, tidy.ts), rolling backups (rolling-backups.ts), change events (changes.ts), tags
// (tag-table.ts, tags.ts) and highlights and notes (highlights.ts).
// Method names and argument shapes are the contract's (shared/api.ts) wherever the two meet.
// Over 300 lines on purpose: it is the list of everything the library offers, each a few lines
// that hand the call to its room.
import { randomBytes } from 'node:crypto';
import type { ArticlePage, ArticleView, ApiArgs } from '../../shared/api';
import { OffprintError } from '../../shared/errors';
import { highlightsToMarkdown, highlightsToWebAnnotations, type ExportedArticle } from '../../shared/highlight-export';
import type {
  AnchoredHighlight,
  Article,
  ArticleNote,
  ArticleSummary,
  BookmarkEntry,
  Highlight,
  HighlightExport,
  HighlightPage,
  LibraryEvents,
  LibraryNotice,
  PlaceBookmark,
  Settings,
  TagSummary,
} from '../../shared/types';
import { log } from '../log';
import type { ArticleFiles } from './article-folders';
import type { EventListener, LibraryListener } from './changes';
import { openRooms } from './open';
import type { Rooms } from './rooms';
import { dismissNotice, pendingNotices } from './repair-notices';
import type { ArticleRecord, FeedStateFile, FeedSubscriptionRecord } from './schema';
import type { LibraryFs } from './storage';
import { summarize } from './summaries';
import { ExtensionPairingStore, type StoredPairing } from './extension-pairings';
import { byIsoTime } from './views';

export type { ArticleFiles } from './article-folders';
export type { StoredPairing } from './extension-pairings';
export type { LibraryChange, LibraryListener } from './changes';
export type { FeedItemRecord, FeedStateFile, FeedSubscriptionRecord } from './schema';
export { emptyFeedState } from './schema';

export interface LibraryOptions {
  dataDir: string;
  /** The clock, injectable for tests. */
  now?: () => Date;
  /**
   * `write` (default): the one writer, which repairs damage and cleans up after a crash.
   * `read-only`: nothing on disk is changed, not even a temporary file (reading commands, a
   * library on read-only media or a full disk); damage is reported, not repaired.
   */
  access?: 'write' | 'read-only';
  /** Take rolling backups while open: one whenever the newest is older than `everyMs`. */
  backups?: { everyMs: number } | false;
  /** The file-system calls the library writes with (tests make chosen ones fail). */
  fs?: LibraryFs;
}

/** Rolling backups for a library a person uses: one every six hours while it is in use. */
export const DEFAULT_BACKUPS = { everyMs: 6 * 60 * 60 * 1000 };

type NewRecord = Omit<ArticleRecord, 'savedAt'> & { savedAt?: string };

/**
 * The saved articles of one data directory. Every change is serialised through one queue and is
 * durable before its call returns; a change that fails leaves memory and disk as they were (or,
 * when the disk cannot say, stops all further changes until the library is reopened).
 */
export class Library {
  /** What the library repaired when this open found a damaged or missing file, if it did. */
  repairNotice: LibraryNotice | null;
  /** Resolves once every shard's records have been read and checked after open. */
  readonly verified: Promise<void>;
  /** Resolves, after open, with the files moved out of article folders that may not hold them. */
  readonly foldersChecked: Promise<string[]>;

  private constructor(private readonly rooms: Rooms) {
    this.repairNotice = rooms.repairNotice;
    this.verified = rooms.verified;
    this.foldersChecked = rooms.foldersChecked;
    rooms.onRepaired = (notice) => {
      this.repairNotice = notice;
      void this.listNotices().then((notices) => rooms.changes.emit('noticesChanged', { notices }), (error: unknown) => log.warn('Repair notices could not be read', error));
    };
  }

  /**
   * Opens (or creates) the library in `dataDir`. A damaged index, state or settings file is moved
   * aside and restored from the newest intact rolling backup, articles the backup lacks are put
   * back from their folders, and `repairNotice` says what happened; a file this cannot repair is a
   * `storage` error naming it, and is left as it is.
   */
  static async open(options: LibraryOptions): Promise<Library> {
    return new Library(await openRooms(options));
  }

  get dataDir(): string {
    return this.rooms.layout.dataDir;
  }

  /** How many articles the library holds. */
  get size(): number {
    return this.rooms.index.size;
  }

  // The contract's reading methods.

  listArticles({ view = 'all', sort = 'newest', offset = 0, limit = 50, tag }: ApiArgs<'listArticles'>): ArticlePage {
    let page: { ids: string[]; total: number };
    if (tag === undefined) page = this.rooms.views.page(view, sort, offset, limit);
    else {
      const tagId = this.rooms.tags.idOf(tag);
      page = tagId === undefined ? { ids: [], total: 0 } : this.rooms.views.tagPage(view, sort, offset, limit, [tagId]);
    }
    return { items: page.ids.map((id) => this.summary(id)), total: page.total };
  }

  async getArticle({ id }: ApiArgs<'getArticle'>): Promise<Article> {
    const record = this.record(id);
    let html: string;
    try {
      html = await this.rooms.folders.readBody(id);
    } catch (error) {
      throw new OffprintError('storage', `The body of "${record.title}" is missing from the library folder.`, { cause: error });
    }
    const { highlights, state } = this.rooms;
    // Highlights are placed in the text as it is now (a re-extraction may have changed it).
    const placed = highlights.count(id) ? highlights.anchored(id, await this.rooms.folders.readText(id).catch(() => '')) : [];
    return { ...this.summaryOf(record), html, places: state.places(id), highlights: placed, note: highlights.note(id) };
  }

  /** Bookmarked articles and places, newest first. */
  listBookmarks(_args: ApiArgs<'listBookmarks'> = {}): BookmarkEntry[] {
    const { state, index } = this.rooms;
    const entries: BookmarkEntry[] = [];
    for (const [id, { createdAt }] of state.bookmarkEntries()) if (index.has(id)) entries.push({ kind: 'article', createdAt, article: this.summary(id) });
    for (const [id, places] of state.placeEntries()) {
      if (!index.has(id)) continue;
      for (const place of places) entries.push({ kind: 'place', createdAt: place.createdAt, article: this.summary(id), place });
    }
    return entries.sort((a, b) => byIsoTime(b.createdAt, a.createdAt));
  }

  /** Every tag some article carries, in name order, with its count. */
  listTags(_args: ApiArgs<'listTags'> = {}): TagSummary[] {
    return this.rooms.tags.list();
  }

  /** Highlights newest first, of one article or of the library, each placed in its article's current text. */
  listHighlights({ id, offset = 0, limit = 50 }: ApiArgs<'listHighlights'> = {}): HighlightPage {
    if (id !== undefined) this.record(id);
    return this.rooms.highlights.page({ articleId: id, offset, limit }, (articleId) => this.textOrEmpty(articleId));
  }

  /** One article's highlights and notes, or the whole library's (articles newest first), as Markdown or W3C Web Annotation JSON-LD. */
  async exportHighlights({ id, format = 'markdown' }: ApiArgs<'exportHighlights'> = {}): Promise<HighlightExport> {
    const { highlights, index, state } = this.rooms;
    let ids: string[];
    if (id !== undefined) ids = [this.record(id).id];
    else {
      const annotated = new Set([...[...state.highlightEntries()].map(([articleId]) => articleId), ...[...state.noteEntries()].map(([articleId]) => articleId)]);
      ids = [...annotated].filter((articleId) => index.has(articleId)).sort((a, b) => index.position(b) - index.position(a));
    }
    const articles: ExportedArticle[] = ids.map((articleId) => {
      const summary = this.summary(articleId);
      const text = this.textOrEmpty(articleId);
      return { article: { id: articleId, title: summary.title, url: summary.url ?? summary.finalUrl, siteName: summary.siteName, tags: summary.tags }, note: highlights.note(articleId), highlights: highlights.anchored(articleId, text), text };
    });
    const exportedAt = this.nowIso();
    const content = format === 'json' ? highlightsToWebAnnotations(articles, exportedAt) : highlightsToMarkdown(articles, exportedAt);
    const name = id !== undefined ? `offprint-highlights-${id}` : 'offprint-highlights';
    return { format, filename: `${name}.${format === 'json' ? 'jsonld' : 'md'}`, content, highlights: articles.reduce((n, a) => n + a.highlights.length, 0) };
  }

  getSettings(_args: ApiArgs<'getSettings'> = {}): Settings {
    return this.rooms.settings.get();
  }

  /** Repairs of earlier opens (and this one) that the reader has not dismissed yet. */
  listNotices(_args: ApiArgs<'listNotices'> = {}): Promise<LibraryNotice[]> {
    return pendingNotices(this.rooms.layout);
  }

  // The contract's changes.

  setBookmarked({ id, bookmarked }: ApiArgs<'setBookmarked'>): Promise<ArticleSummary> {
    return this.changeState(id, () => this.rooms.state.setBookmarked(id, bookmarked, this.nowIso()));
  }

  saveProgress({ id, position, progress }: ApiArgs<'saveProgress'>): Promise<ArticleSummary> {
    return this.changeState(id, () => this.rooms.state.saveProgress(id, position, progress, this.nowIso()));
  }

  setRead({ id, read }: ApiArgs<'setRead'>): Promise<ArticleSummary> {
    return this.changeState(id, () => this.rooms.state.setRead(id, read, this.nowIso()));
  }

  setArchived({ id, archived }: ApiArgs<'setArchived'>): Promise<ArticleSummary> {
    return this.changeState(id, () => this.rooms.state.setArchived(id, archived, this.nowIso()));
  }

  addPlaceBookmark({ id, position, snippet, note }: ApiArgs<'addPlaceBookmark'>): Promise<PlaceBookmark> {
    return this.rooms.queue.run(async () => {
      this.record(id);
      const place: PlaceBookmark = { placeId: this.newId(), articleId: id, position, snippet: snippet.trim().slice(0, 300), note: note?.trim() || null, createdAt: this.nowIso() };
      await this.rooms.state.addPlace(place);
      this.rooms.changes.articlesChanged({ updated: [this.summary(id)] });
      return place;
    });
  }

  deletePlaceBookmark({ placeId }: ApiArgs<'deletePlaceBookmark'>): Promise<{ placeId: string }> {
    return this.rooms.queue.run(async () => {
      const place = this.rooms.state.findPlace(placeId);
      if (!place) throw new OffprintError('not-found', 'That bookmarked place no longer exists.');
      await this.rooms.state.deletePlace(place);
      this.rooms.changes.articlesChanged({ updated: [this.summary(place.articleId)] });
      return { placeId };
    });
  }

  // Tags: an article's, and a tag across the library.

  setTags({ id, tags }: ApiArgs<'setTags'>): Promise<ArticleSummary> {
    return this.changeTags(id, () => this.rooms.tags.set(id, tags, this.nowIso()));
  }

  addTags({ id, tags }: ApiArgs<'addTags'>): Promise<ArticleSummary> {
    return this.changeTags(id, () => this.rooms.tags.add(id, tags, this.nowIso()));
  }

  removeTags({ id, tags }: ApiArgs<'removeTags'>): Promise<ArticleSummary> {
    return this.changeTags(id, () => this.rooms.tags.remove(id, tags, this.nowIso()));
  }

  renameTag({ tag, name }: ApiArgs<'renameTag'>): Promise<TagSummary> {
    return this.changeTagTable(async () => {
      const renamed = await this.rooms.tags.rename(tag, name);
      return { articles: renamed.articles, result: this.rooms.tags.summaryOf(renamed.tag) };
    });
  }

  mergeTags({ tags, into }: ApiArgs<'mergeTags'>): Promise<TagSummary> {
    return this.changeTagTable(async () => {
      const merged = await this.rooms.tags.merge(tags, into, this.nowIso());
      return { articles: merged.articles, result: this.rooms.tags.summaryOf(merged.tag) };
    });
  }

  deleteTag({ tag }: ApiArgs<'deleteTag'>): Promise<{ tag: string; articles: number }> {
    return this.changeTagTable(async () => {
      const deleted = await this.rooms.tags.delete(tag);
      return { articles: deleted.articles, result: { tag: deleted.name, articles: deleted.articles.length } };
    });
  }

  // Highlights and notes.

  addHighlight({ id, start, end, exact, color, note }: ApiArgs<'addHighlight'>): Promise<AnchoredHighlight> {
    return this.changeAnnotations(id, async () => {
      const text = await this.rooms.folders.readText(id).catch((error: unknown) => {
        throw new OffprintError('storage', `The text of "${this.record(id).title}" is missing from the library folder, so nothing in it can be highlighted.`, { cause: error });
      });
      return this.rooms.highlights.add(id, text, { start, end, exact, color, note }, { highlightId: this.newId(), now: this.nowIso() });
    });
  }

  updateHighlight({ highlightId, color, note }: ApiArgs<'updateHighlight'>): Promise<Highlight> {
    return this.rooms.queue.run(async () => {
      const articleId = this.rooms.state.findHighlight(highlightId)?.articleId;
      return this.annotationChange(articleId, () => this.rooms.highlights.update(highlightId, { color, note }, this.nowIso()));
    });
  }

  deleteHighlight({ highlightId }: ApiArgs<'deleteHighlight'>): Promise<{ highlightId: string }> {
    return this.rooms.queue.run(async () => {
      const articleId = this.rooms.state.findHighlight(highlightId)?.articleId;
      await this.annotationChange(articleId, () => this.rooms.highlights.delete(highlightId));
      return { highlightId };
    });
  }

  setArticleNote({ id, note }: ApiArgs<'setArticleNote'>): Promise<{ id: string; note: ArticleNote | null }> {
    return this.changeAnnotations(id, async () => ({ id, note: await this.rooms.highlights.setNote(id, note, this.nowIso()) }));
  }

  updateSettings({ patch }: ApiArgs<'updateSettings'>): Promise<Settings> {
    return this.rooms.queue.run(async () => {
      const settings = await this.rooms.settings.update(patch).catch(async (error: unknown) => {
        throw await this.rooms.storage.failure('The settings could not be saved', error);
      });
      this.rooms.changes.emit('settingsChanged', settings);
      return settings;
    });
  }

  dismissNotice({ id }: ApiArgs<'dismissNotice'>): Promise<{ id: string }> {
    return this.rooms.queue.run(async () => {
      if (!(await dismissNotice(this.rooms.layout, this.rooms.storage, id, this.rooms.now()))) throw new OffprintError('not-found', `There is no notice with the id ${id}.`);
      this.rooms.changes.emit('noticesChanged', { notices: await this.listNotices() });
      return { id };
    });
  }

  /**
   * Removes an article and everything stored for it. Its folder is renamed out of the way first
   * (one that cannot be moved stops the delete, and nothing changes), then the index entry goes:
   * that is the delete. On a full disk the folder's files are removed first to make room for the
   * index write. Once the index no longer lists the article, what is left (its state, its folder)
   * is cleaned up, and whatever of that fails is finished at the next open instead of turning a
   * delete that happened into an error.
   */
  deleteArticle({ id }: ApiArgs<'deleteArticle'>): Promise<{ id: string }> {
    return this.rooms.queue.run(async () => {
      this.record(id);
      const { folders, views, changes } = this.rooms;
      const marked = await folders.markDeleted(id);
      const leftover = await this.rooms.removeFromIndex(id, marked);
      if (leftover) await folders.removeMarked(leftover).catch((error: unknown) => log.warn(`The folder of deleted article ${id} is removed at the next open`, error));
      views.articlesChanged();
      await changes.committed({ type: 'delete', id });
      changes.articlesChanged({ removed: [id] });
      return { id };
    });
  }

  // For the service: saving, updating and reading articles.

  /** A fresh stable id: time-ordered, unique, safe in paths and URLs. */
  newId(): string {
    return `${this.rooms.now().getTime().toString(36)}-${randomBytes(5).toString('hex')}`;
  }

  has(id: string): boolean {
    return this.rooms.index.has(id);
  }

  summary(id: string): ArticleSummary {
    return this.summaryOf(this.record(id));
  }

  /** The live tag id of a tag name, if some article carries it (for search's `tag:`). */
  tagId(name: string): string | undefined {
    return this.rooms.tags.idOf(name);
  }

  hasTag(id: string, tagId: string): boolean {
    return this.rooms.tags.has(id, tagId);
  }

  /** A page of a view filtered by live tag ids (all of them), as ids. */
  taggedPage(view: ArticleView, tagIds: string[], offset: number, limit: number): { ids: string[]; total: number } {
    return this.rooms.views.tagPage(view, 'newest', offset, limit, tagIds);
  }

  /** A view filtered by live tag ids, as a set for the search worker (see viewFilter). */
  tagFilter(view: ArticleView, tagIds: string[]): { key: string; mode: 'include'; ids: string[] } {
    return this.rooms.views.tagFilter(view, tagIds);
  }

  /** Every article's highlights and note, for search (articles in the library only). */
  *annotations(): Generator<{ articleId: string; highlights: readonly Highlight[]; note: ArticleNote | null }> {
    const { state, index } = this.rooms;
    const seen = new Set<string>();
    for (const [articleId, highlights] of state.highlightEntries()) {
      if (!index.has(articleId)) continue;
      seen.add(articleId);
      yield { articleId, highlights, note: state.note(articleId) ?? null };
    }
    for (const [articleId, note] of state.noteEntries()) if (!seen.has(articleId) && index.has(articleId)) yield { articleId, highlights: [], note };
  }

  /** The places bookmarked in one article, in reading order. */
  places(id: string): PlaceBookmark[] {
    return this.rooms.state.places(id);
  }

  /** The article's plain text, as stored when it was saved. */
  async articleText({ id }: { id: string }): Promise<string> {
    this.record(id);
    return this.rooms.folders.readText(id);
  }

  /** The same, read synchronously (a page of search results: twenty small reads from the page cache). */
  articleTextSync(id: string): string {
    this.record(id);
    return this.rooms.folders.readTextSync(id);
  }

  /** The stored article whose normalised address is `normalizedUrl`, if any. */
  findByNormalizedUrl(normalizedUrl: string): ArticleRecord | undefined {
    const { index } = this.rooms;
    for (const id of index.candidatesForUrl(normalizedUrl)) {
      const record = index.get(id);
      if (record?.normalizedUrl === normalizedUrl) return record;
    }
    return undefined;
  }

  /** Every article's record, in list order (for derived data such as the search index). */
  *records(): Generator<ArticleRecord> {
    for (const shard of this.rooms.index.shards) for (const id of [...shard.ids]) {
      const record = this.rooms.index.get(id);
      if (record) yield record;
    }
  }

  /**
   * The articles of a view as a set to keep or to leave out of everything else, whichever is
   * small, with a key that changes whenever the answer may (for callers that cache it).
   */
  viewFilter(view: ArticleView): { key: string; mode: 'include' | 'exclude'; ids: string[] } {
    return this.rooms.views.filter(view);
  }

  matchesView(id: string, view: ArticleView): boolean {
    return this.rooms.views.matches(id, view);
  }

  /**
   * Adds an article (or replaces the one with the same id): its folder is written under a staging
   * name and moved into place, and only then is its record committed to the index.
   */
  addArticle({ record, files }: { record: NewRecord; files: ArticleFiles }): Promise<ArticleSummary> {
    return this.rooms.queue.run(async () => {
      const full: ArticleRecord = { ...record, savedAt: record.savedAt ?? this.nowIso() };
      const replacing = this.rooms.index.has(full.id);
      const shard = this.rooms.index.slot(full.id)?.shard ?? this.rooms.index.shardForNew();
      const placed = await this.rooms.folders.place(full, files, replacing);
      await this.rooms.commitIndex(shard, { put: [full] }, placed);
      await this.rooms.changes.committed({ type: 'put', record: full, bodyText: files.bodyText });
      const summary = this.summary(full.id);
      this.rooms.changes.articlesChanged(replacing ? { updated: [summary] } : { added: [full.id] });
      return summary;
    });
  }

  /**
   * Adds many new articles at once through the same storage code, writing each index shard once
   * per batch (imports and the benchmark). Each shard's part is atomic; a failure keeps the
   * shards already committed and removes the folders of the rest.
   */
  addArticles({ items, concurrency = 8 }: { items: { record: NewRecord; files: ArticleFiles }[]; concurrency?: number }): Promise<number> {
    return this.rooms.queue.run(() => this.rooms.addMany(items, concurrency, this.nowIso()));
  }

  /**
   * Replaces an article's body and adds images to it (after fetching missing images again): new
   * images, then the body, then the folder's record, then the index.
   */
  updateArticleBody(
    id: string,
    update: { bodyHtml: string; bodyText: string; images: Map<string, Uint8Array>; report: ArticleRecord['images']; leadImage: string | null },
  ): Promise<ArticleSummary> {
    return this.rooms.queue.run(async () => {
      const record = this.record(id);
      const next: ArticleRecord = { ...record, images: update.report, leadImage: update.leadImage ?? record.leadImage };
      await this.rooms.folders.updateBody(next, update);
      await this.rooms.commitIndex(this.rooms.index.slot(id)!.shard, { put: [next] });
      await this.rooms.changes.committed({ type: 'put', record: next, bodyText: update.bodyText });
      const summary = this.summary(id);
      this.rooms.changes.articlesChanged({ updated: [summary] });
      return summary;
    });
  }

  // Issue 16: re-extraction from the kept page, the capture report, and the browser extension's pairings.

  /** An article's index record, as stored (its capture report and what its raw page is). */
  articleRecord(id: string): ArticleRecord {
    return this.record(id);
  }

  /** The page as it was fetched or given (raw.html), or null when the article has none. */
  async rawPage(id: string): Promise<Uint8Array | null> {
    this.record(id);
    return this.rooms.folders.readRawPage(id);
  }

  /**
   * Replaces what an article says after it was re-extracted from its kept page: its metadata
   * (`record`, over the stored one), body and text, and images it did not have. Its id, address,
   * reading state, bookmarks, tags, highlights and notes stay: they are keyed by the id, and
   * highlights are placed in the new text when read (shared/anchoring.ts).
   */
  replaceArticleContent(
    id: string,
    update: { record: Omit<Partial<ArticleRecord>, 'id' | 'savedAt'>; bodyHtml: string; bodyText: string; images: Map<string, Uint8Array> },
  ): Promise<ArticleSummary> {
    return this.rooms.queue.run(async () => {
      const record = this.record(id);
      const next: ArticleRecord = { ...record, ...update.record, id, savedAt: record.savedAt };
      await this.rooms.folders.updateBody(next, update);
      await this.rooms.commitIndex(this.rooms.index.slot(id)!.shard, { put: [next] });
      await this.rooms.changes.committed({ type: 'put', record: next, bodyText: update.bodyText });
      const summary = this.summary(id);
      this.rooms.changes.articlesChanged({ updated: [summary] });
      return summary;
    });
  }

  /** The paired extensions, each with its token's hash. */
  async extensionPairings(): Promise<StoredPairing[]> {
    return (await this.pairingStore()).list();
  }

  /** Adds or replaces a pairing (approved by the reader, or its last use). */
  putExtensionPairing(pairing: StoredPairing): Promise<void> {
    return this.rooms.queue.run(async () => {
      const store = await this.pairingStore();
      await store.put(pairing).catch(async (error: unknown) => {
        throw await this.rooms.storage.failure('The pairing could not be saved', error);
      });
    });
  }

  /** Revokes a pairing: its token no longer opens anything. True when there was one. */
  removeExtensionPairing(id: string): Promise<boolean> {
    return this.rooms.queue.run(async () => {
      const store = await this.pairingStore();
      return store.remove(id).catch(async (error: unknown) => {
        throw await this.rooms.storage.failure('The pairing could not be removed', error);
      });
    });
  }

  private pairings: Promise<ExtensionPairingStore> | null = null;

  private pairingStore(): Promise<ExtensionPairingStore> {
    this.pairings ??= ExtensionPairingStore.open(this.rooms.layout, this.rooms.storage);
    return this.pairings;
  }

  // Feeds (issue 14): the feed store room. What a refresh does is electron/feeds/'s; these keep it.

  /** Every feed subscription, in the order they were added. */
  feedSubscriptions(): FeedSubscriptionRecord[] {
    return this.rooms.feeds.subscriptions();
  }

  feedSubscription(id: string): FeedSubscriptionRecord | undefined {
    return this.rooms.feeds.subscription(id);
  }

  /** A copy of one feed's state, to change and hand back to writeFeedState. */
  feedState(id: string): FeedStateFile | undefined {
    return this.rooms.feeds.state(id);
  }

  /** One feed's state as stored, not copied (for summaries over every feed; do not change it). */
  peekFeedState(id: string): Readonly<FeedStateFile> | undefined {
    return this.rooms.feeds.peekState(id);
  }

  addFeedSubscription(subscription: FeedSubscriptionRecord, state: FeedStateFile): Promise<void> {
    return this.rooms.queue.run(() => this.feedWrite(subscription.id, 'The feed could not be added', () => this.rooms.feeds.add(subscription, state)));
  }

  updateFeedSubscription(id: string, change: (subscription: FeedSubscriptionRecord) => FeedSubscriptionRecord): Promise<FeedSubscriptionRecord> {
    return this.rooms.queue.run(() => {
      if (!this.rooms.feeds.subscription(id)) throw new OffprintError('not-found', `There is no feed with the id ${id}.`);
      return this.feedWrite(id, 'The feed could not be changed', () => this.rooms.feeds.update(id, change));
    });
  }

  removeFeedSubscription(id: string): Promise<void> {
    return this.rooms.queue.run(() => this.feedWrite(id, 'The feed could not be removed', () => this.rooms.feeds.remove(id)));
  }

  /** Writes one feed's state durably (a refresh's outcome, the items it is about to save). */
  writeFeedState(id: string, state: FeedStateFile): Promise<void> {
    return this.rooms.queue.run(() => {
      if (!this.rooms.feeds.subscription(id)) throw new OffprintError('not-found', `There is no feed with the id ${id}.`);
      return this.feedWrite(id, 'The feed could not be written', () => this.rooms.feeds.writeState(id, state));
    });
  }

  /** Bytes an article takes on disk (its folder: body, text, page and images). */
  articleBytes(id: string): Promise<number> {
    return this.rooms.folders.sizeOf(id);
  }

  /** A feed store write: errors in words, and `feedsChanged` once it is on disk. */
  private async feedWrite<T>(id: string, action: string, write: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await write();
    } catch (error) {
      throw await this.rooms.storage.failure(action, error);
    }
    this.rooms.changes.emit('feedsChanged', { ids: [id] });
    return result;
  }

  // Events, and the end.

  /** Calls `listener` after every committed change (awaited, in order; its failures do not undo the change). */
  onChange(listener: LibraryListener): () => void {
    return this.rooms.changes.onChange(listener);
  }

  /** The contract's events from the library: articles changed, settings, notices. */
  subscribe<E extends keyof LibraryEvents>(name: E, listener: EventListener<E>): () => void {
    return this.rooms.changes.subscribe(name, listener);
  }

  /** Resolves once every change queued so far is on disk. */
  flush(): Promise<void> {
    return this.rooms.queue.flush();
  }

  /** Stops the rolling-backup schedule and the check after open, and waits for every queued change. */
  close(): Promise<void> {
    return this.rooms.close();
  }

  /** Changes an article's tags, then tells who listens: its summary and the library's tags. */
  private changeTags(id: string, change: () => Promise<void>): Promise<ArticleSummary> {
    return this.changeState(id, change).then((summary) => {
      this.rooms.changes.emit('tagsChanged', { tags: this.rooms.tags.list() });
      return summary;
    });
  }

  /** A change of the tag table (rename, merge, delete): every article whose tags now read differently is told. */
  private changeTagTable<T>(change: () => Promise<{ articles: string[]; result: T }>): Promise<T> {
    return this.rooms.queue.run(async () => {
      const { articles, result } = await change().catch(async (error: unknown) => {
        throw await this.rooms.storage.failure('The tags could not be changed', error);
      });
      this.rooms.views.tagsChanged();
      const { index, changes } = this.rooms;
      changes.articlesChanged({ updated: index.readAhead(articles.filter((id) => index.has(id))).map((id) => this.summary(id)) });
      changes.emit('tagsChanged', { tags: this.rooms.tags.list() });
      return result;
    });
  }

  private changeAnnotations<T>(id: string, change: () => Promise<T>): Promise<T> {
    return this.rooms.queue.run(() => this.annotationChange(id, change));
  }

  /** Inside the queue: a change of an article's highlights or note, made durable, then its summary told. */
  private async annotationChange<T>(id: string | undefined, change: () => Promise<T>): Promise<T> {
    if (id !== undefined) this.record(id);
    const result = await change().catch(async (error: unknown) => {
      throw await this.rooms.storage.failure('The library could not be written', error);
    });
    if (id !== undefined) this.rooms.changes.articlesChanged({ updated: [this.summary(id)] });
    return result;
  }

  private summaryOf(record: ArticleRecord): ArticleSummary {
    return summarize(record, this.rooms.state, this.rooms.tags);
  }

  /** An article's stored text, or nothing when its file is missing (its highlights are then not found). */
  private textOrEmpty(id: string): string {
    try {
      return this.rooms.folders.readTextSync(id);
    } catch {
      return '';
    }
  }

  private changeState(id: string, change: () => Promise<void>): Promise<ArticleSummary> {
    return this.rooms.queue.run(async () => {
      this.record(id);
      await change().catch(async (error: unknown) => {
        throw await this.rooms.storage.failure('The library could not be written', error);
      });
      const summary = this.summary(id);
      this.rooms.changes.articlesChanged({ updated: [summary] });
      return summary;
    });
  }

  private record(id: string): ArticleRecord {
    const record = this.rooms.index.get(id);
    if (!record) throw new OffprintError('not-found', `There is no saved article with the id ${id}.`);
    return record;
  }

  private nowIso(): string {
    return this.rooms.now().toISOString();
  }
}
