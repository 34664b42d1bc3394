import type { OffprintApi } from '../shared/api';
import { OffprintError } from '../shared/errors';
import { readingMinutes, wordCount } from '../shared/reading';
import type { SaveProgress, SaveResult, SaveSource } from '../shared/types';
import { normalizeArticleUrl } from '../shared/url';
import { type CaptureContext, type CaptureOptions, captureArticle, fetchImages, imageReport } from './capture/capture';
import { Extractor } from './capture/extractor';
import { requireWebUrl } from './capture/fetch-page';
import { assetPath } from '../shared/stored-images';
import type { Library } from './library/library';
import { createFeeds, type Feeds, type FeedsOptions } from './feeds/feeds';
import { SearchIndex } from './search/search-index';
import { makeSnippet } from './search/snippet';
import { parseQuery } from './search/tokenize';

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
}

/** Extra, non-contract ways in that only local callers (the CLI) have. */
export interface LocalSaveOptions {
  /** Path of an .html file saved with "Save Page As": its _files folder supplies the images. */
  htmlFilePath?: string;
}

export type OffprintService = OffprintApi & {
  /** The CLI's save, which may read a saved page's images from disk. */
  saveLocal(args: { source: SaveSource; refresh?: boolean }, local: LocalSaveOptions): Promise<SaveResult>;
  /** Starts loading (or building) the search index now rather than at the first search. */
  prepareSearch(): Promise<void>;
  /** Resolves when every feed refresh started so far (an added feed's first one included) has finished. */
  feedsIdle(): Promise<void>;
  /** Stops the feed schedule and its refreshes, the extraction worker, and writes out and stops the search index. */
  close(): Promise<void>;
};

/**
 * The contract implemented over one library: what the desktop app, `offprint serve` and the CLI
 * all call. Arguments are assumed already parsed by the schemas (see `bridge.ts`).
 */
export function createOffprintService(library: Library, options: ServiceOptions = {}): OffprintService {
  const extractor = options.extractor ?? new Extractor();
  const progress = new Map<string, SaveProgress>();
  const ttl = options.progressTtlMs ?? 30_000;
  const search = options.search ?? new SearchIndex(library.dataDir);
  const stopListening = library.onChange((change) => search.record(change));
  const feeds: Feeds = createFeeds(library, {
    extractor,
    fetch: options.fetch,
    lookup: options.lookup,
    limits: options.limits,
    imageLimits: options.imageLimits,
    ...options.feeds,
  });
  if (options.feedSchedule) feeds.startSchedule();

  async function save(source: SaveSource, refresh: boolean, requestId: string | undefined, local: LocalSaveOptions): Promise<SaveResult> {
    const label = source.kind === 'url' ? source.url : (source.title ?? (source.kind === 'text' ? 'Pasted text' : 'Web page'));
    const report = (stage: SaveProgress['stage'], done?: number, total?: number) => {
      if (requestId) progress.set(requestId, { requestId, stage, label, ...(total !== undefined ? { done, total } : {}) });
    };
    const finish = (stage: 'done' | 'failed') => {
      if (!requestId) return;
      report(stage);
      setTimeout(() => progress.delete(requestId), ttl).unref();
    };
    try {
      const result = await saveArticle(source, refresh, { ...local, onProgress: report });
      finish('done');
      return result;
    } catch (error) {
      finish('failed');
      throw error;
    }
  }

  async function saveArticle(
    source: SaveSource,
    refresh: boolean,
    context: LocalSaveOptions & { onProgress: CaptureContext['onProgress'] },
  ): Promise<SaveResult> {
    let existingId: string | undefined;
    if (source.kind === 'url') {
      const normalized = normalizeArticleUrl(requireWebUrl(source.url).href);
      const existing = normalized ? library.findByNormalizedUrl(normalized) : undefined;
      if (existing && !refresh) return { article: library.summary(existing.id), duplicate: true };
      existingId = existing?.id;
    }
    const articleId = existingId ?? library.newId();
    const captured = await captureArticle(source, { ...options, ...context, articleId, extractor });
    context.onProgress?.('storing');
    const article = await library.addArticle({
      record: { id: articleId, ...captured.meta, wordCount: wordCount(captured.bodyText), readingMinutes: readingMinutes(captured.bodyText) },
      files: { bodyHtml: captured.bodyHtml, bodyText: captured.bodyText, rawPage: captured.rawPage, images: captured.images },
    });
    return { article, duplicate: false };
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

  return {
    ...fromLibrary,
    ...fromFeeds,
    feedsIdle: () => feeds.idle(),
    async searchArticles({ query, view, offset, limit }) {
      if (!query.trim()) throw new OffprintError('invalid-argument', 'Type something to search for.');
      const parsed = parseQuery(query);
      const start = offset ?? 0;
      const ranked = await search.search(query, library.viewFilter(view ?? 'all'), start, limit ?? 20);
      // An article deleted a moment ago may still be in the worker's answer.
      const page = ranked.ids.filter((id) => library.has(id));
      const items = page.map((id) => {
        let text = '';
        try {
          text = library.articleTextSync(id);
        } catch {
          // A missing body still lists the article, without a snippet.
        }
        return { article: library.summary(id), ...makeSnippet(text, parsed) };
      });
      return { items, total: ranked.total };
    },
    async saveArticle({ source, refresh, requestId }) {
      return save(source, refresh ?? false, requestId, {});
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
    async prepareSearch() {
      await search.start();
    },
    async close() {
      await feeds.stop();
      stopListening();
      await Promise.all([extractor.close(), search.close()]);
    },
  };
}
