import type { ArticlePage, OffprintApi } from '../../shared/api';
import { OffprintError } from '../../shared/errors';
import { FEED_DEFAULTS, type FeedRefreshResult, type FeedSettings } from '../../shared/feeds';
import type { ArticleSummary } from '../../shared/types';
import { normalizeArticleUrl } from '../../shared/url';
import type { CaptureOptions } from '../capture/capture';
import type { Extractor } from '../capture/extractor';
import { requireWebUrl } from '../capture/fetch-page';
import { emptyFeedState, type FeedStateFile, type FeedSubscriptionRecord, type Library } from '../library/library';
import { discoverFeeds, type Discovery } from './discover';
import { articleIdsOf, summaryOf } from './feed-summary';
import { type FeedNetwork, fetchFeed, permanentTarget } from './fetch-feed';
import { KnownItems } from './known-items';
import { importSubscriptions } from './opml-import';
import { buildOpml } from './parse/opml';
import { HostPool } from './pool';
import { type OkResponse, parseResponse, type RefreshOptions, refreshOne } from './refresh-one';
import { applyRetention, isKept } from './retention';
import { firstRefreshAt, nextRefreshAt } from './schedule';

type FeedMethods = Pick<
  OffprintApi,
  'discoverFeeds' | 'addFeed' | 'listFeeds' | 'updateFeed' | 'removeFeed' | 'refreshFeeds' | 'listFeedArticles' | 'markFeedRead' | 'importOpml' | 'exportOpml'
>;

export interface FeedsOptions extends Pick<CaptureOptions, 'fetch' | 'lookup' | 'limits' | 'imageLimits'> {
  extractor: Extractor;
  now?: () => Date;
  /** At most this many requests to one host at once, and in all. */
  perHost?: number;
  total?: number;
  /** Told each article a refresh adds, once it is in the library. */
  onArticle?: (articleId: string) => void;
}

export interface Feeds extends FeedMethods {
  /** Starts the background schedule (the app and `serve`; not the one-shot CLI commands). */
  startSchedule(): void;
  /** Resolves when every refresh started so far (an added feed's first one included) has finished. */
  idle(): Promise<void>;
  /** Stops the schedule and any refresh under way (their items are saved at the next refresh). */
  stop(): Promise<void>;
}

/** How long what discovery fetched is kept for a subscription to use. */
const PREFETCH_TTL_MS = 10 * 60_000;
/** Feeds overdue when the schedule starts are refreshed over this many minutes, not all at once. */
const CATCH_UP_MINUTES = 5;
/** How often the schedule looks for feeds that are due, at most. */
const TICK_MS = 30_000;

/**
 * The feeds of one library: subscribing with discovery, refreshing politely, saving every new item
 * whole through capture, retention and OPML. Sits at the service's level (it uses capture and the
 * library); parsing is in ./parse, which uses neither.
 */
export function createFeeds(library: Library, options: FeedsOptions): Feeds {
  const feedOptions = options;
  const now = options.now ?? (() => new Date());
  const pool = new HostPool(options.perHost ?? 2, options.total ?? 6);
  let stopper = new AbortController();
  const network = (): FeedNetwork => ({ fetch: options.fetch, lookup: options.lookup, limits: options.limits, signal: stopper.signal, pool });
  const known = KnownItems.fromLibrary(library);
  const prefetched = new Map<string, { at: number; response: OkResponse }>();
  const running = new Map<string, Promise<FeedRefreshResult>>();
  const background = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | null = null;
  let scheduled = false;
  /** Feeds that were overdue when the schedule started (the app was closed): spread over its first minutes. */
  const catchUp = new Map<string, number>();

  const track = <T>(work: Promise<T>): Promise<T> => {
    background.add(work);
    void work.finally(() => background.delete(work)).catch(() => undefined); // the caller of track() gets the failure
    return work;
  };

  function subscriptionOf(id: string): FeedSubscriptionRecord {
    const sub = library.feedSubscription(id);
    if (!sub) throw new OffprintError('not-found', `There is no feed with the id ${id}.`);
    return sub;
  }

  function takePrefetched(url: string): OkResponse | null {
    const hit = prefetched.get(url);
    prefetched.delete(url);
    return hit && now().getTime() - hit.at < PREFETCH_TTL_MS ? hit.response : null;
  }

  function remember(discovery: Discovery): void {
    for (const [url, response] of discovery.fetched) prefetched.set(url, { at: now().getTime(), response });
    while (prefetched.size > 32) prefetched.delete(prefetched.keys().next().value!);
  }

  function findSubscribed(url: string): FeedSubscriptionRecord | undefined {
    const key = normalizeArticleUrl(url);
    return library.feedSubscriptions().find((s) => normalizeArticleUrl(s.url) === key);
  }

  function settingsWith(base: FeedSettings, patch: Partial<FeedSettings> | undefined): FeedSettings {
    return {
      refreshMinutes: patch?.refreshMinutes !== undefined ? patch.refreshMinutes : base.refreshMinutes,
      retention: patch?.retention !== undefined ? patch.retention : base.retention,
      fullText: patch?.fullText ?? base.fullText,
    };
  }

  /** Refreshes one feed: one fetch (or the bytes discovery fetched), then its new items. Never throws. */
  function refresh(id: string, options: RefreshOptions = {}): Promise<FeedRefreshResult> {
    const already = running.get(id);
    if (already) return already;
    const context = { library, options: feedOptions, now, pool, known, network, stopped: () => stopper.signal.aborted };
    const work = track(refreshOne(id, context, options).finally(() => running.delete(id)));
    running.set(id, work);
    return work;
  }

  // The schedule: a timer that looks for due feeds (at most every TICK_MS) and refreshes them within the pool's limits.
  function plan(): void {
    if (!scheduled) return;
    if (timer) clearTimeout(timer);
    let earliest = Infinity;
    const at = now().getTime();
    for (const sub of library.feedSubscriptions()) {
      if (sub.status === 'inactive' || running.has(sub.id)) continue;
      const next = library.peekFeedState(sub.id)?.schedule.nextRefreshAt;
      const due = catchUp.get(sub.id) ?? (next ? Date.parse(next) : firstRefreshAt(sub.id, new Date(at)).getTime());
      if (due <= at) {
        catchUp.delete(sub.id);
        void refresh(sub.id, { scheduled: true });
      } else earliest = Math.min(earliest, due);
    }
    timer = setTimeout(plan, Math.max(1000, Math.min(TICK_MS, earliest - at)));
    timer.unref();
  }

  function feedsIn(folder: string): FeedSubscriptionRecord[] {
    const path = folder.split('/').map((p) => p.trim()).filter(Boolean).join('/');
    return library.feedSubscriptions().filter((s) => s.folder !== null && (s.folder === path || s.folder.startsWith(`${path}/`)));
  }

  function scopeIds(args: { feedId?: string; folder?: string }): string[] {
    const subs = args.feedId ? [subscriptionOf(args.feedId)] : feedsIn(args.folder!);
    return [...new Set(subs.flatMap((s) => articleIdsOf(library, s.id)))];
  }

  const api: FeedMethods = {
    async discoverFeeds({ url }) {
      const discovery = await discoverFeeds(url, network());
      remember(discovery);
      return { feeds: discovery.feeds };
    },

    async addFeed({ url, folder, settings }) {
      requireWebUrl(url);
      // An address discovery has just fetched (the UI's "discover, then choose") is not fetched again.
      const cached = takePrefetched(url);
      const discovery: Discovery = cached ? { feeds: [{ url, title: null, format: null, source: 'address' }], fetched: new Map([[url, cached]]) } : await discoverFeeds(url, network());
      remember(discovery);
      if (discovery.feeds.length === 0) {
        throw new OffprintError('not-feed', `No feed was found at ${url}: the page names none (<link rel="alternate">) and none of the usual places (/feed, /rss, /atom.xml, /feed.xml, /index.xml) holds one.`);
      }
      const chosen = discovery.feeds[0]!;
      const existing = findSubscribed(chosen.url);
      if (existing) return { feed: summaryOf(library, existing), discovered: discovery.feeds, alreadySubscribed: true };
      const response = takePrefetched(chosen.url) ?? (await fetchFeed(chosen.url, null, network()));
      if (response.kind !== 'ok') throw new OffprintError('http-status', `${new URL(chosen.url).host} answered ${response.status} for ${chosen.url}.`);
      const parsed = parseResponse(response, chosen.url);
      const feedUrl = permanentTarget(response.redirects) ?? chosen.url;
      const again = findSubscribed(feedUrl);
      if (again) return { feed: summaryOf(library, again), discovered: discovery.feeds, alreadySubscribed: true };
      const id = library.newId();
      const sub: FeedSubscriptionRecord = {
        id,
        url: feedUrl,
        title: parsed.title ?? chosen.title ?? new URL(feedUrl).host,
        siteUrl: parsed.siteUrl,
        folder: folder ?? null,
        addedAt: now().toISOString(),
        settings: settingsWith({ refreshMinutes: null, retention: null, fullText: FEED_DEFAULTS.fullText }, settings),
        status: 'active',
      };
      const state = emptyFeedState(id);
      state.schedule.nextRefreshAt = now().toISOString();
      await library.addFeedSubscription(sub, state);
      // The items are saved in the background, from the bytes already fetched.
      void refresh(id, { prefetched: response });
      return { feed: summaryOf(library, sub), discovered: discovery.feeds, alreadySubscribed: false };
    },

    async listFeeds() {
      const subs = library.feedSubscriptions();
      const folders = [...new Set(subs.map((s) => s.folder).filter((f): f is string => f !== null))].sort();
      return {
        feeds: subs.map((sub) => summaryOf(library, sub)),
        folders,
        defaults: { refreshMinutes: FEED_DEFAULTS.refreshMinutes, retention: FEED_DEFAULTS.retention, fullText: FEED_DEFAULTS.fullText },
      };
    },

    async updateFeed({ id, patch }) {
      subscriptionOf(id);
      const next = await library.updateFeedSubscription(id, (s) => ({
        ...s,
        title: patch.title ?? s.title,
        folder: patch.folder !== undefined ? patch.folder : s.folder,
        settings: settingsWith(s.settings, patch.settings),
      }));
      if (patch.settings?.refreshMinutes !== undefined) {
        const state = library.feedState(id);
        if (state) {
          const last = state.health.lastAttemptAt ? new Date(state.health.lastAttemptAt) : now();
          state.schedule.nextRefreshAt = nextRefreshAt({ feedId: id, refreshMinutes: next.settings.refreshMinutes, quietRefreshes: state.schedule.quietRefreshes, floorMinutes: state.schedule.floorMinutes, consecutiveFailures: state.health.consecutiveFailures, retryAfter: state.fetch.retryAfter }, last).toISOString();
          await library.writeFeedState(id, state);
        }
      }
      if (patch.settings?.retention !== undefined) {
        const state = library.feedState(id);
        if (state) {
          await applyRetention(next, state, library, now(), { recount: true });
          await library.writeFeedState(id, state);
        }
      }
      plan();
      return summaryOf(library, library.feedSubscription(id)!);
    },

    async removeFeed({ id, keepArticles }) {
      subscriptionOf(id);
      await running.get(id)?.catch(() => undefined); // a refresh under way only has to end; its failure was its own caller's
      let removedArticles = 0;
      let keptArticles = 0;
      for (const articleId of articleIdsOf(library, id)) {
        // Only what this feed brought in; a story also in another feed, or saved by hand, stays.
        const mine = library.summary(articleId).feed?.feedId === id && !library.feedSubscriptions().some((s) => s.id !== id && articleIdsOf(library, s.id).includes(articleId));
        if (keepArticles || !mine || isKept(library, articleId)) {
          keptArticles++;
          continue;
        }
        await library.deleteArticle({ id: articleId });
        removedArticles++;
      }
      await library.removeFeedSubscription(id);
      return { id, removedArticles, keptArticles };
    },

    async refreshFeeds({ ids }) {
      const targets = ids?.length ? ids : library.feedSubscriptions().map((s) => s.id);
      for (const id of targets) subscriptionOf(id);
      const results = await Promise.all(targets.map((id) => refresh(id)));
      plan();
      return { results };
    },

    async listFeedArticles(args) {
      const ids = scopeIds(args);
      const view = args.view ?? 'all';
      const summaries: ArticleSummary[] = [];
      for (const id of ids) {
        const s = library.summary(id);
        if (view === 'unread' && (s.readAt || s.archivedAt)) continue;
        summaries.push(s);
      }
      const when = (s: ArticleSummary) => Date.parse(s.feed?.published ?? s.publishedTime ?? s.savedAt) || Date.parse(s.savedAt);
      summaries.sort((a, b) => when(b) - when(a) || (a.id < b.id ? 1 : -1));
      const offset = args.offset ?? 0;
      const page: ArticlePage = { items: summaries.slice(offset, offset + (args.limit ?? 50)), total: summaries.length };
      return page;
    },

    async markFeedRead(args) {
      let marked = 0;
      for (const id of scopeIds(args)) {
        const s = library.summary(id);
        if (s.readAt) continue;
        await library.setRead({ id, read: true });
        marked++;
      }
      return { marked };
    },

    async importOpml({ opml }) {
      const report = await importSubscriptions(library, opml, now);
      plan();
      return report;
    },

    async exportOpml() {
      const opml = buildOpml({
        title: 'Offprint subscriptions',
        dateCreated: now(),
        feeds: library.feedSubscriptions().map((s) => ({ xmlUrl: s.url, title: s.title, htmlUrl: s.siteUrl, folder: s.folder })),
      });
      return { opml };
    },
  };

  return {
    ...api,
    startSchedule() {
      if (scheduled) return;
      scheduled = true;
      stopper = stopper.signal.aborted ? new AbortController() : stopper;
      const started = now();
      for (const sub of library.feedSubscriptions()) {
        const next = library.peekFeedState(sub.id)?.schedule.nextRefreshAt;
        if (next && Date.parse(next) < started.getTime()) catchUp.set(sub.id, firstRefreshAt(sub.id, started, CATCH_UP_MINUTES).getTime());
      }
      plan();
    },
    async idle() {
      while (background.size) await Promise.allSettled([...background]);
    },
    async stop() {
      scheduled = false;
      if (timer) clearTimeout(timer);
      timer = null;
      stopper.abort();
      await Promise.allSettled([...background]);
      stopper = new AbortController();
    },
  };
}

export type { FeedStateFile };
