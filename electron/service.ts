// The contract implemented over one library. Over 300 lines on purpose: it is the one place every
// method of shared/api.ts meets its room (library, capture, search, feeds, transfer, the extension's
// pairings), each a few lines; what is more than wiring lives in those rooms, and the events in
// service-events.ts.
import type { ArticleView, OffprintApi, OffprintEventSource } from '../shared/api';
import { parseTagFilters } from '../shared/annotations';
import { OffprintError } from '../shared/errors';
import { readingMinutes, wordCount } from '../shared/reading';
import type { SaveProgress, SaveResult, SaveSource, SearchHit, SearchPage } from '../shared/types';
import { normalizeArticleUrl } from '../shared/url';
import { type CaptureContext, type CaptureOptions, captureArticle, fetchImages, imageReport } from './capture/capture';
import { Extractor } from './capture/extractor';
import { requireWebUrl } from './capture/fetch-page';
import { withCloseMatches } from './close-matches';
import { findByAddresses, findSame, ogUrlOf } from './duplicates';
import { assetPath } from '../shared/stored-images';
import type { Library } from './library/library';
import { AnnotationSearch } from './search/annotation-search';
import { librarySearchSource } from './search/library-source';
import { createFeeds, type Feeds, type FeedsOptions } from './feeds/feeds';
import { SearchIndex } from './search/search-index';
import type { SearchFilter } from './search/search-store';
import { makeSnippet } from './search/snippet';
import { parseQuery } from './search/tokenize';
// Save from the browser and the capture report (issue 16).
import type { ReextractResult } from '../shared/api';
import type { RedecodeCharset } from '../shared/capture-report';
import { type BrowserPage, captureFromBrowser } from './capture/from-browser';
import { reextractArticle } from './capture/reextract';
import { unrecordedReport } from './capture/unrecorded-report';
import { ExtensionPairings, type PairingOptions } from './extension/pairing';
import { createTransfer, type Transfer, type TransferOptions } from './transfer/transfer';
import { countArticles, serviceEvents } from './service-events';

export interface ServiceOptions extends CaptureOptions {
  /** The worker that extracts and sanitises; one is made if not given. */
  extractor?: Extractor;
  /** How long a finished save's progress stays listed. */
  progressTtlMs?: number;
  /** The library's search index; one is made (and started on first search) if not given. */
  search?: SearchIndex;
  /** Feeds (issue 14): refresh on a schedule in the background (the app and `serve`). */
  feedSchedule?: boolean;
  /** Feeds: politeness limits and a listener for each article a refresh adds (tests, the crash test). */
  feeds?: Pick<FeedsOptions, 'perHost' | 'total' | 'onArticle' | 'now'>;
  /** The browser extension's pairing (issue 16): request lifetimes and limits (tests). */
  pairing?: PairingOptions;
  /** Imports (issue 15): the download queue's limits, the Wayback Machine's address, whether to work the queue left by an earlier run. */
  transfer?: Pick<TransferOptions, 'perHost' | 'total' | 'waybackHost' | 'maxAttempts' | 'now' | 'autoStart'>;
}

/**
 * How the contract's save differs from the CLI's: it recognises look-alikes (the same page by its
 * canonical or og:url address, pasted text by its title and first paragraph), which the reader is
 * then offered to open or to save again as a copy; the CLI, with no one to ask, keeps to the address.
 */
interface SaveAsked {
  copy?: boolean;
  lookAlikes?: boolean;
}

/** Extra, non-contract ways in that only local callers (the CLI) have. */
export interface LocalSaveOptions {
  /** Path of an .html file saved with "Save Page As": its _files folder supplies the images. */
  htmlFilePath?: string;
  /** The file's bytes as read, kept as its raw page so it can be re-decoded (issue 16). */
  kept?: CaptureContext['kept'];
}

export type OffprintService = OffprintApi & OffprintEventSource & {
  /** The CLI's save, which may read a saved page's images from disk. */
  saveLocal(args: { source: SaveSource; refresh?: boolean }, local: LocalSaveOptions): Promise<SaveResult>;
  /** Starts loading (or building) the search index now rather than at the first search. */
  prepareSearch(): Promise<void>;
  /** Resolves when every feed refresh started so far (an added feed's first one included) has finished. */
  feedsIdle(): Promise<void>;
  /** Imports and exports beyond the contract: a file by its path, the queue worked to its end, an export to a path (the CLI). */
  transfer: Transfer;
  /** Stops the feed schedule and its refreshes, the extraction worker, and writes out and stops the search index. */
  close(): Promise<void>;
  /** The browser extension's pairings (issue 16), for its listener and the prompts that approve them. */
  extension: ExtensionPairings;
  /**
   * Saves a page the browser extension handed over (already past the listener's checks): as a new
   * article, or, for an address already saved, over the saved copy (same id, reading state kept),
   * since the reader chose to save the page as the browser shows it.
   */
  saveFromBrowser(page: BrowserPage, requestId?: string): Promise<SaveResult>;
};

/**
 * The contract implemented over one library: what the desktop app, `offprint serve` and the CLI
 * all call. Arguments are assumed already parsed by the schemas (see `bridge.ts`).
 */
export function createOffprintService(library: Library, options: ServiceOptions = {}): OffprintService {
  const extractor = options.extractor ?? new Extractor();
  const progress = new Map<string, SaveProgress>();
  const ttl = options.progressTtlMs ?? 30_000;
  const search = options.search ?? new SearchIndex(library.dataDir, { source: librarySearchSource(library.dataDir) });
  const stopListening = library.onChange((change) => search.record(change), (changes) => search.recordMany(changes));
  // Running saves that were given a requestId, so that cancelSave can stop them.
  const running = new Map<string, AbortController>();
  const annotationSearch = new AnnotationSearch();
  const pairings = new ExtensionPairings(library, options.pairing);
  const events = serviceEvents(library, pairings);

  /** An article's stored text for its snippet; a missing body still lists the article, without one. */
  function textOf(id: string): string {
    try {
      return library.articleTextSync(id);
    } catch {
      return '';
    }
  }

  /**
   * Search with `tag:` filters and the reader's highlights and notes: articles whose annotations
   * hold every word come first (newest change first), then the full-text index's hits among the
   * rest, so no article is listed twice and paging runs across both.
   */
  async function searchArticles(query: string, view: ArticleView, offset: number, limit: number): Promise<SearchPage> {
    const { tags, words } = parseTagFilters(query);
    const tagIds: string[] = [];
    for (const tag of tags) {
      const tagId = library.tagId(tag);
      if (tagId === undefined) return { items: [], total: 0 };
      tagIds.push(tagId);
    }
    if (!words) {
      if (!tagIds.length) return { items: [], total: 0 };
      const page = library.taggedPage(view, tagIds, offset, limit);
      return { items: page.ids.map((id) => ({ article: library.summary(id), ...makeSnippet(textOf(id), parseQuery('')) })), total: page.total };
    }
    const parsed = parseQuery(words);
    const allowed = (id: string) => library.has(id) && library.matchesView(id, view) && tagIds.every((tag) => library.hasTag(id, tag));
    const noted = annotationSearch.find(parsed, library.annotations(), allowed);
    const base: SearchFilter = tagIds.length ? library.tagFilter(view, tagIds) : library.viewFilter(view);
    const fromNotes = noted.slice(offset, offset + limit);
    const ranked = await search.search(words, noted.length ? leaveOut(base, noted.map((n) => n.articleId)) : base, Math.max(0, offset - noted.length), limit - fromNotes.length);
    const items: SearchHit[] = fromNotes.map((hit) => ({
      article: library.summary(hit.articleId),
      ...makeSnippet(hit.text, withCloseMatches(hit.text, parsed)),
      matchedIn: hit.matchedIn,
      ...(hit.highlightId ? { highlightId: hit.highlightId } : {}),
    }));
    // An article deleted a moment ago may still be in the worker's answer.
    for (const id of ranked.ids.filter((id) => library.has(id))) {
      const text = textOf(id);
      // The snippet is built around what matched, a close spelling included.
      items.push({ article: library.summary(id), ...makeSnippet(text, withCloseMatches(text, parsed)), matchedIn: 'text' });
    }
    return { items, total: noted.length + ranked.total };
  }
  const feeds: Feeds = createFeeds(library, {
    extractor,
    fetch: options.fetch,
    lookup: options.lookup,
    limits: options.limits,
    imageLimits: options.imageLimits,
    ...options.feeds,
  });
  if (options.feedSchedule) feeds.startSchedule();
  const transfer: Transfer = createTransfer(library, {
    extractor,
    fetch: options.fetch,
    lookup: options.lookup,
    limits: options.limits,
    imageLimits: options.imageLimits,
    feeds,
    ...options.transfer,
    onProgress: (summary) => events.emit('importProgress', summary),
  });

  async function save(
    source: SaveSource,
    refresh: boolean,
    requestId: string | undefined,
    local: LocalSaveOptions,
    asked: SaveAsked = {},
    fromBrowser?: BrowserPage,
  ): Promise<SaveResult> {
    const label = fromBrowser ? fromBrowser.title || fromBrowser.url : source.kind === 'url' ? source.url : (source.title ?? (source.kind === 'text' ? 'Pasted text' : 'Web page'));
    const report = (stage: SaveProgress['stage'], done?: number, total?: number) => {
      if (!requestId) return;
      const entry: SaveProgress = { requestId, stage, label, ...(total !== undefined ? { done, total } : {}) };
      progress.set(requestId, entry);
      events.emit('saveProgress', entry);
    };
    const finish = (stage: 'done' | 'failed') => {
      if (!requestId) return;
      report(stage);
      setTimeout(() => progress.delete(requestId), ttl).unref();
    };
    const controller = new AbortController();
    if (requestId) running.set(requestId, controller);
    try {
      // A user's own save goes before every download of an import.
      const result = await transfer.userSave(() =>
        fromBrowser ? saveBrowserPage(fromBrowser, report) : saveArticle(source, refresh, asked, { ...local, onProgress: report, signal: controller.signal }),
      );
      finish('done');
      return result;
    } catch (error) {
      finish('failed');
      if (controller.signal.aborted) throw new OffprintError('cancelled', 'The save was cancelled; nothing was stored.');
      throw error;
    } finally {
      if (requestId && running.get(requestId) === controller) running.delete(requestId);
    }
  }

  async function saveArticle(
    source: SaveSource,
    refresh: boolean,
    { copy = false, lookAlikes = false }: SaveAsked,
    context: LocalSaveOptions & { onProgress: CaptureContext['onProgress']; signal: AbortSignal },
  ): Promise<SaveResult> {
    const duplicate = (id: string, matchedBy: SaveResult['matchedBy']): SaveResult => ({ article: library.summary(id), duplicate: true, matchedBy });
    let existingId: string | undefined;
    if (source.kind === 'url' && !copy) {
      const given = requireWebUrl(source.url).href;
      const normalized = normalizeArticleUrl(given);
      const existing = normalized ? library.findByNormalizedUrl(normalized) : undefined;
      // Waiting to be downloaded (an import): saving its address downloads it now, keeping its tags, highlights and state.
      if (existing?.download) {
        await transfer.downloadNow(existing.id);
        const summary = library.summary(existing.id);
        if (summary.download) throw new OffprintError('network', summary.download.error ?? `${summary.title} could not be downloaded.`);
        return { article: summary, duplicate: false };
      }
      if (existing && !refresh) return { ...duplicate(existing.id, 'address'), warnings: existing.capture?.warnings ?? [] };
      existingId = existing?.id;
      // The address given is the canonical address of an article saved from another one.
      const known = existing || refresh || !lookAlikes ? undefined : findByAddresses(library, [given]);
      if (known) return duplicate(known.id, 'canonical');
    }
    const articleId = existingId ?? library.newId();
    const captured = await captureArticle(source, { ...options, ...context, articleId, extractor });
    if (!refresh && !copy && lookAlikes) {
      const same = findSame(library, captured, articleId);
      if (same) return duplicate(same.record.id, same.by);
    }
    // Cancelled while the page was read: nothing is stored.
    if (context.signal.aborted) throw new OffprintError('cancelled', 'The save was cancelled; nothing was stored.');
    context.onProgress?.('storing');
    const article = await library.addArticle({
      // A page without a canonical link often names its address in og:url: the same claim, kept the same way.
      record: { id: articleId, ...captured.meta, canonicalUrl: captured.meta.canonicalUrl ?? ogUrlOf(captured), wordCount: wordCount(captured.bodyText), readingMinutes: readingMinutes(captured.bodyText) },
      files: { bodyHtml: captured.bodyHtml, bodyText: captured.bodyText, rawPage: captured.rawPage, images: captured.images },
    });
    return { article, duplicate: false, warnings: captured.meta.capture.warnings };
  }

  /** A page from the browser extension: over the saved copy of its address, if there is one (see saveFromBrowser). */
  async function saveBrowserPage(page: BrowserPage, onProgress: CaptureContext['onProgress']): Promise<SaveResult> {
    const normalized = page.selection ? null : normalizeArticleUrl(requireWebUrl(page.url).href);
    const existing = normalized ? library.findByNormalizedUrl(normalized) : undefined;
    const articleId = existing?.id ?? library.newId();
    onProgress?.('extracting');
    const captured = await captureFromBrowser(page, { ...options, articleId, extractor, onProgress });
    onProgress?.('storing');
    // A replaced copy keeps what the reader added to it: its feed origin too.
    const article = await library.addArticle({
      record: { id: articleId, ...captured.meta, ...(existing?.feed ? { feed: existing.feed } : {}), wordCount: wordCount(captured.bodyText), readingMinutes: readingMinutes(captured.bodyText) },
      files: { bodyHtml: captured.bodyHtml, bodyText: captured.bodyText, rawPage: captured.rawPage, images: captured.images },
    });
    return { article, duplicate: false, warnings: captured.meta.capture.warnings };
  }

  /** Re-extraction and re-decoding (issue 16): the article made again from its kept page, offline. */
  async function reextract(id: string, charset?: RedecodeCharset): Promise<ReextractResult> {
    const record = library.articleRecord(id);
    const rawPage = await library.rawPage(id);
    if (!rawPage) throw new OffprintError('not-found', `"${record.title}" kept no page to re-extract from.`);
    const bodyHtml = (await library.getArticle({ id })).html;
    const captured = await reextractArticle({ ...record, rawPage, bodyHtml }, extractor, { charset });
    const { meta } = captured;
    const article = await library.replaceArticleContent(id, {
      record: {
        // A feed's title and date for its item are the feed's (as when it was saved).
        title: record.feed ? record.title : meta.title,
        byline: meta.byline ?? record.byline,
        siteName: meta.siteName ?? record.siteName,
        excerpt: meta.excerpt,
        lang: meta.lang,
        dir: meta.dir,
        publishedTime: record.feed ? record.publishedTime : (meta.publishedTime ?? record.publishedTime),
        canonicalUrl: meta.canonicalUrl,
        raw: meta.raw,
        images: meta.images,
        leadImage: meta.leadImage,
        capture: meta.capture,
        wordCount: wordCount(captured.bodyText),
        readingMinutes: readingMinutes(captured.bodyText),
      },
      bodyHtml: captured.bodyHtml,
      bodyText: captured.bodyText,
      images: captured.images,
    });
    return { article, report: meta.capture };
  }

  async function captureReport(id: string) {
    const record = library.articleRecord(id);
    if (record.capture) return record.capture;
    return unrecordedReport(record, await library.rawPage(id), await library.articleText({ id }).catch(() => ''));
  }

  async function retryImages(id: string) {
    const summary = library.summary(id);
    if (summary.images.failed.length === 0) return summary;
    const stored = (await library.getArticle({ id })).html;
    const marked = await extractor.run('markMissing', stored);
    const context: CaptureContext = { ...options, articleId: id, extractor };
    const { files, outcomes } = await fetchImages(marked.images, { ...context, pageUrl: summary.url ?? summary.finalUrl });
    const { bodyHtml, bodyText } = await extractor.run('finalize', marked.contentHtml, id, outcomes);
    const retried = imageReport(outcomes);
    const lead = outcomes.find((o) => o.file);
    return library.updateArticleBody(id, {
      bodyHtml,
      bodyText,
      images: files,
      report: { total: summary.images.total, saved: summary.images.total - retried.failed.length, failed: retried.failed },
      leadImage: summary.leadImage ?? (lead?.file ? assetPath(id, lead.file) : null),
    });
  }

  // The library's own contract methods are passed through as they are: same names, same arguments.
  const fromLibrary = {
    listArticles: async (args) => library.listArticles(args),
    getArticle: (args) => library.getArticle(args),
    deleteArticle: (args) => library.deleteArticle(args),
    setBookmarked: (args) => library.setBookmarked(args),
    listBookmarks: async (args) => library.listBookmarks(args),
    addPlaceBookmark: (args) => library.addPlaceBookmark(args),
    deletePlaceBookmark: (args) => library.deletePlaceBookmark(args),
    saveProgress: (args) => library.saveProgress(args),
    setRead: (args) => library.setRead(args),
    setArchived: (args) => library.setArchived(args),
    getSettings: async (args) => library.getSettings(args),
    updateSettings: (args) => library.updateSettings(args),
    listNotices: (args) => library.listNotices(args),
    dismissNotice: (args) => library.dismissNotice(args),
    updatePlaceNote: (args) => library.updatePlaceNote(args),
    // Tags, highlights and notes (issue 13).
    setTags: (args) => library.setTags(args),
    addTags: (args) => library.addTags(args),
    removeTags: (args) => library.removeTags(args),
    listTags: async (args) => library.listTags(args),
    renameTag: (args) => library.renameTag(args),
    mergeTags: (args) => library.mergeTags(args),
    deleteTag: (args) => library.deleteTag(args),
    addHighlight: (args) => library.addHighlight(args),
    updateHighlight: (args) => library.updateHighlight(args),
    deleteHighlight: (args) => library.deleteHighlight(args),
    listHighlights: async (args) => library.listHighlights(args),
    setArticleNote: (args) => library.setArticleNote(args),
    exportHighlights: (args) => library.exportHighlights(args),
  } satisfies Partial<OffprintApi>;

  // Save from the browser and the capture report (issue 16).
  const fromIssue16 = {
    getCaptureReport: ({ id }) => captureReport(id),
    reextractArticle: ({ id }) => reextract(id),
    redecodeArticle: ({ id, charset }) => reextract(id, charset),
    listExtensionPairingRequests: async () => pairings.requests(),
    approveExtensionPairing: ({ requestId }) => pairings.approve(requestId),
    denyExtensionPairing: async ({ requestId }) => pairings.deny(requestId),
    listExtensions: async () => ({ pairings: await pairings.pairings(), endpoint: { ...pairings.endpoint } }),
    revokeExtension: ({ id }) => pairings.revoke(id),
  } satisfies Partial<OffprintApi>;

  // Feeds (issue 14): electron/feeds/ implements them over the library and capture.
  const fromFeeds = {
    discoverFeeds: (args) => feeds.discoverFeeds(args),
    addFeed: (args) => feeds.addFeed(args),
    listFeeds: (args) => feeds.listFeeds(args),
    updateFeed: (args) => feeds.updateFeed(args),
    removeFeed: (args) => feeds.removeFeed(args),
    refreshFeeds: (args) => feeds.refreshFeeds(args),
    listFeedArticles: (args) => feeds.listFeedArticles(args),
    markFeedRead: (args) => feeds.markFeedRead(args),
    importOpml: (args) => feeds.importOpml(args),
    exportOpml: (args) => feeds.exportOpml(args),
  } satisfies Partial<OffprintApi>;

  // Import and export (issue 15): electron/transfer/ implements them over capture, feeds and the library.
  const fromTransfer = {
    importFile: (args) => transfer.importFile(args),
    listImports: (args) => transfer.listImports(args),
    pauseImport: (args) => transfer.pauseImport(args),
    resumeImport: (args) => transfer.resumeImport(args),
    cancelImport: (args) => transfer.cancelImport(args),
    listDownloads: (args) => transfer.listDownloads(args),
    retryDownloads: (args) => transfer.retryDownloads(args),
    exportArticles: (args) => transfer.exportArticles(args),
  } satisfies Partial<OffprintApi>;

  return {
    ...fromLibrary,
    ...fromFeeds,
    ...fromIssue16,
    extension: pairings,
    async saveFromBrowser(page, requestId) {
      return save({ kind: 'url', url: page.url }, true, requestId, {}, {}, page);
    },
    ...fromTransfer,
    transfer,
    feedsIdle: () => feeds.idle(),
    async searchArticles({ query, view, offset, limit }) {
      if (!query.trim()) throw new OffprintError('invalid-argument', 'Type something to search for.');
      return searchArticles(query, view ?? 'all', offset ?? 0, limit ?? 20);
    },
    async saveArticle({ source, refresh, requestId, copy }) {
      return save(source, refresh ?? false, requestId, {}, { copy, lookAlikes: true });
    },
    async cancelSave({ requestId }) {
      const controller = running.get(requestId);
      controller?.abort();
      return { requestId, cancelled: controller !== undefined };
    },
    async countArticles() {
      return countArticles(library);
    },
    async saveLocal({ source, refresh }, local) {
      return save(source, refresh ?? false, undefined, local);
    },
    async listSaves() {
      return [...progress.values()];
    },
    async retryImages({ id }) {
      return retryImages(id);
    },
    subscribe: events.subscribe,
    async prepareSearch() {
      await search.start();
    },
    async close() {
      await transfer.close();
      await feeds.stop();
      stopListening();
      await Promise.all([extractor.close(), search.close()]);
    },
  };
}

/** A search filter with some articles left out as well (those already listed from annotations), under a key of its own. */
function leaveOut(base: SearchFilter, ids: string[]): SearchFilter {
  let hash = 0x811c9dc5;
  for (const id of ids) for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  // Its own prefix ("ann.<view>:"), so the worker keeps the view's plain filter beside it.
  const key = `ann.${base.key}.${ids.length}-${(hash >>> 0).toString(36)}`;
  if (base.mode === 'include') {
    const drop = new Set(ids);
    return { key, mode: 'include', ids: (base.ids ?? []).filter((id) => !drop.has(id)) };
  }
  return { key, mode: 'exclude', ids: [...(base.ids ?? []), ...ids] };
}
