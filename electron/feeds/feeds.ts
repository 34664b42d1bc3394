import type { ArticlePage, OffprintApi } from '../../shared/api';
import { OffprintError, toErrorValue } from '../../shared/errors';
import { FEED_DEFAULTS, type FeedRefreshResult, type FeedSettings, type FeedSummary } from '../../shared/feeds';
import type { ArticleSummary } from '../../shared/types';
import { normalizeArticleUrl } from '../../shared/url';
import type { CaptureOptions } from '../capture/capture';
import type { Extractor } from '../capture/extractor';
import { requireWebUrl } from '../capture/fetch-page';
import { type NetworkPolicy, networkPolicy } from '../capture/network/network-policy';
import { emptyFeedState, type FeedStateFile, type FeedSubscriptionRecord, type Library } from '../library/library';
import { log } from '../log';
import { decodeFeedBytes } from './decode';
import { discoverFeeds, type Discovery } from './discover';
import { type FeedNetwork, type FeedResponse, fetchFeed, permanentTarget } from './fetch-feed';
import { ingestItems } from './ingest';
import { KnownItems } from './known-items';
import { buildOpml, parseOpmlText } from './parse/opml';
import { type ParsedFeed, parseFeedText } from './parse/parse-feed';
import { HostPool, pooledFetch } from './pool';
import { applyRetention, isKept } from './retention';
import { firstRefreshAt, nextRefreshAt, refreshIntervalMinutes, retryAfterTime } from './schedule';

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
  const now = options.now ?? (() => new Date());
  const pool = new HostPool(options.perHost ?? 2, options.total ?? 6);
  let stopper = new AbortController();
  const network = (): FeedNetwork => ({ fetch: options.fetch, lookup: options.lookup, limits: options.limits, signal: stopper.signal, pool });
  const known = KnownItems.fromLibrary(library);
  const prefetched = new Map<string, { at: number; response: Extract<FeedResponse, { kind: 'ok' }> }>();
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

  function articleIdsOf(feedId: string): string[] {
    const ids: string[] = [];
    for (const item of library.peekFeedState(feedId)?.items ?? []) if (item.status === 'saved' && item.articleId && library.has(item.articleId)) ids.push(item.articleId);
    return [...new Set(ids)];
  }

  function summaryOf(sub: FeedSubscriptionRecord): FeedSummary {
    const state = library.peekFeedState(sub.id) ?? emptyFeedState(sub.id);
    const ids = articleIdsOf(sub.id);
    let unread = 0;
    for (const id of ids) {
      const s = library.summary(id);
      if (!s.readAt && !s.archivedAt) unread++;
    }
    const failures = state.health.consecutiveFailures;
    const redirect = state.fetch.redirect;
    return {
      id: sub.id,
      title: sub.title,
      url: sub.url,
      siteUrl: sub.siteUrl,
      folder: sub.folder,
      addedAt: sub.addedAt,
      status: sub.status === 'inactive' ? 'inactive' : failures >= FEED_DEFAULTS.brokenAfterFailures ? 'broken' : 'active',
      settings: { ...sub.settings },
      effective: {
        refreshMinutes: refreshIntervalMinutes({ refreshMinutes: sub.settings.refreshMinutes, quietRefreshes: state.schedule.quietRefreshes, floorMinutes: state.schedule.floorMinutes, consecutiveFailures: 0 }),
        retention: sub.settings.retention ?? FEED_DEFAULTS.retention,
        fullText: sub.settings.fullText,
      },
      health: {
        lastAttemptAt: state.health.lastAttemptAt,
        lastSuccessAt: state.health.lastSuccessAt,
        lastErrorAt: state.health.lastErrorAt,
        lastError: state.health.lastError,
        consecutiveFailures: failures,
        nextRefreshAt: sub.status === 'inactive' ? null : state.schedule.nextRefreshAt,
        retryAfter: state.fetch.retryAfter,
        pendingRedirect: redirect ? { url: redirect.url, seen: redirect.count, needed: FEED_DEFAULTS.redirectAfterRefreshes } : null,
      },
      articles: ids.length,
      unread,
      storageBytes: state.storageBytes,
    };
  }

  function takePrefetched(url: string): Extract<FeedResponse, { kind: 'ok' }> | null {
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

  function parseResponse(response: Extract<FeedResponse, { kind: 'ok' }>, url: string): ParsedFeed {
    return parseFeedText(decodeFeedBytes(response.bytes, response.contentType).text, { url: response.finalUrl, label: url });
  }

  /** Refreshes one feed: one fetch (or the bytes discovery fetched), then its new items. Never throws. */
  function refresh(id: string, options: { prefetched?: Extract<FeedResponse, { kind: 'ok' }> | null; scheduled?: boolean } = {}): Promise<FeedRefreshResult> {
    const already = running.get(id);
    if (already) return already;
    const work = track(refreshNow(id, options).finally(() => running.delete(id)));
    running.set(id, work);
    return work;
  }

  async function refreshNow(id: string, opts: { prefetched?: Extract<FeedResponse, { kind: 'ok' }> | null; scheduled?: boolean }): Promise<FeedRefreshResult> {
    const sub = library.feedSubscription(id);
    if (!sub) return { id, status: 'failed', new: 0, updated: 0, notModified: false, error: 'That feed is no longer subscribed.' };
    const state = library.feedState(id) ?? emptyFeedState(id);
    const started = now();
    const result: FeedRefreshResult = { id, status: 'ok', new: 0, updated: 0, notModified: false };
    if (sub.status === 'inactive' && opts.scheduled) return { ...result, status: 'inactive', error: 'The feed said it is gone (410).' };
    const retryAfter = state.fetch.retryAfter ? Date.parse(state.fetch.retryAfter) : NaN;
    if (Number.isFinite(retryAfter) && retryAfter > started.getTime()) {
      return { ...result, status: 'deferred', error: `${new URL(sub.url).host} asked not to be asked again before ${new Date(retryAfter).toISOString()}.` };
    }
    state.health.lastAttemptAt = started.toISOString();
    let moveTo: string | null = null;
    let gone = false;
    try {
      const decided = await networkPolicy(sub.url, { fetch: options.fetch, lookup: options.lookup });
      // Every request of this refresh (the feed, its items' pages, their images) counts against the pool.
      const policy: NetworkPolicy = { intranet: decided.intranet, fetch: pooledFetch(pool, decided.fetch), refuse: (url) => decided.refuse(url) };
      // Items still to save (a refresh cut short) need the document itself, not a 304.
      const unfinished = state.items.some((e) => e.status === 'pending' || (e.status === 'failed' && e.attempts < FEED_DEFAULTS.itemAttempts));
      const conditional = unfinished ? null : { etag: state.fetch.etag, lastModified: state.fetch.lastModified };
      const response = opts.prefetched ?? (await fetchFeed(sub.url, conditional, network(), decided));
      if (response.kind === 'gone') {
        gone = true;
        result.status = 'gone';
        result.error = `${new URL(sub.url).host} says the feed is gone (410); it is no longer refreshed on a schedule.`;
        state.health.lastError = result.error;
        state.health.lastErrorAt = started.toISOString();
      } else if (response.kind === 'retry-later') {
        const until = retryAfterTime(response.retryAfter, started) ?? new Date(started.getTime() + 60 * 60_000);
        state.fetch.retryAfter = until.toISOString();
        throw new OffprintError('http-status', `${new URL(sub.url).host} answered ${response.status} (${response.status === 429 ? 'too many requests' : 'unavailable'}) and asked Offprint to wait until ${until.toISOString()}.`);
      } else {
        // A permanent redirect moves the subscription only once it has been seen on several refreshes in a row.
        const target = permanentTarget(response.redirects);
        if (target && target !== sub.url) {
          const count = state.fetch.redirect?.url === target ? state.fetch.redirect.count + 1 : 1;
          state.fetch.redirect = { url: target, count };
          if (count >= FEED_DEFAULTS.redirectAfterRefreshes) moveTo = target;
        } else state.fetch.redirect = null;
        if (response.kind === 'not-modified') {
          result.status = 'not-modified';
          result.notModified = true;
          state.schedule.quietRefreshes++;
          await applyRetention(sub, state, library, started, { recount: false });
        } else {
          const parsed = parseResponse(response, sub.url);
          state.fetch.etag = response.etag;
          state.fetch.lastModified = response.lastModified;
          state.schedule.floorMinutes = parsed.refreshFloorMinutes;
          const { added, updated } = await ingestItems(sub, state, parsed, { library, extractor: options.extractor, network: network(), policy, known, now, imageLimits: options.imageLimits, onArticle: options.onArticle });
          result.new = added;
          result.updated = updated;
          state.schedule.quietRefreshes = added > 0 ? 0 : state.schedule.quietRefreshes + 1;
          if (added > 0) state.health.lastNewItemsAt = now().toISOString();
          await applyRetention(sub, state, library, now(), { recount: true });
          const failed = state.items.filter((e) => e.status === 'failed' && e.error).slice(-1)[0];
          if (failed && result.new === 0 && state.items.every((e) => e.status !== 'saved')) result.error = `No item could be saved: ${failed.error}`;
        }
        state.fetch.retryAfter = null;
        state.health.lastSuccessAt = now().toISOString();
        state.health.lastError = null;
        state.health.consecutiveFailures = 0;
      }
    } catch (error) {
      if (stopper.signal.aborted) {
        result.status = 'failed';
        result.error = 'Offprint stopped before the refresh finished; it goes on at the next refresh.';
        return result;
      }
      result.status = 'failed';
      result.error = toErrorValue(error).message;
      state.health.lastError = result.error;
      state.health.lastErrorAt = started.toISOString();
      state.health.consecutiveFailures++;
    }
    state.schedule.nextRefreshAt = gone
      ? null
      : nextRefreshAt(
          { feedId: id, refreshMinutes: sub.settings.refreshMinutes, quietRefreshes: state.schedule.quietRefreshes, floorMinutes: state.schedule.floorMinutes, consecutiveFailures: state.health.consecutiveFailures, retryAfter: state.fetch.retryAfter },
          now(),
        ).toISOString();
    if (moveTo) state.fetch.redirect = null;
    try {
      await library.writeFeedState(id, state);
      if (gone || moveTo) {
        const target = moveTo;
        await library.updateFeedSubscription(id, (s) => ({ ...s, ...(gone ? { status: 'inactive' as const } : {}), ...(target ? { url: target } : {}) }));
        if (target) log.info(`Feed ${id} moved to ${target} after ${FEED_DEFAULTS.redirectAfterRefreshes} permanent redirects in a row`);
      } else if (sub.status === 'inactive' && result.status !== 'failed') {
        await library.updateFeedSubscription(id, (s) => ({ ...s, status: 'active' }));
      }
    } catch (error) {
      // Unsubscribed while it ran, or the disk refused: the refresh's articles are in the library either way.
      if ((error as OffprintError)?.code !== 'not-found') log.warn(`The state of feed ${id} could not be written`, error);
    }
    return result;
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
    return [...new Set(subs.flatMap((s) => articleIdsOf(s.id)))];
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
      if (existing) return { feed: summaryOf(existing), discovered: discovery.feeds, alreadySubscribed: true };
      const response = takePrefetched(chosen.url) ?? (await fetchFeed(chosen.url, null, network()));
      if (response.kind !== 'ok') throw new OffprintError('http-status', `${new URL(chosen.url).host} answered ${response.status} for ${chosen.url}.`);
      const parsed = parseResponse(response, chosen.url);
      const feedUrl = permanentTarget(response.redirects) ?? chosen.url;
      const again = findSubscribed(feedUrl);
      if (again) return { feed: summaryOf(again), discovered: discovery.feeds, alreadySubscribed: true };
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
      return { feed: summaryOf(sub), discovered: discovery.feeds, alreadySubscribed: false };
    },

    async listFeeds() {
      const subs = library.feedSubscriptions();
      const folders = [...new Set(subs.map((s) => s.folder).filter((f): f is string => f !== null))].sort();
      return {
        feeds: subs.map(summaryOf),
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
      return summaryOf(library.feedSubscription(id)!);
    },

    async removeFeed({ id, keepArticles }) {
      subscriptionOf(id);
      await running.get(id)?.catch(() => undefined); // a refresh under way only has to end; its failure was its own caller's
      let removedArticles = 0;
      let keptArticles = 0;
      for (const articleId of articleIdsOf(id)) {
        // Only what this feed brought in; a story also in another feed, or saved by hand, stays.
        const mine = library.summary(articleId).feed?.feedId === id && !library.feedSubscriptions().some((s) => s.id !== id && articleIdsOf(s.id).includes(articleId));
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
      const entries = parseOpmlText(opml);
      const report: Awaited<ReturnType<FeedMethods['importOpml']>> = { added: [], skipped: [] };
      const seen = new Set(library.feedSubscriptions().map((s) => normalizeArticleUrl(s.url)));
      for (const entry of entries) {
        let url: URL;
        try {
          url = requireWebUrl(entry.xmlUrl);
        } catch {
          // Newsboat's "|command", exec:, file: and the like: never run, never fetched.
          report.skipped.push({ url: entry.xmlUrl.slice(0, 500), title: entry.title, reason: 'not an http or https address, so Offprint will not fetch it (only web feeds are imported)' });
          continue;
        }
        const key = normalizeArticleUrl(url.href);
        if (seen.has(key)) {
          report.skipped.push({ url: url.href, title: entry.title, reason: 'already subscribed' });
          continue;
        }
        seen.add(key);
        const id = library.newId();
        const sub: FeedSubscriptionRecord = {
          id,
          url: url.href,
          title: entry.title ?? url.host,
          siteUrl: entry.htmlUrl && /^https?:\/\//i.test(entry.htmlUrl) ? entry.htmlUrl : null,
          folder: entry.folder,
          addedAt: now().toISOString(),
          settings: { refreshMinutes: null, retention: null, fullText: FEED_DEFAULTS.fullText },
          status: 'active',
        };
        const state = emptyFeedState(id);
        // Spread over the next minutes, not all at once.
        state.schedule.nextRefreshAt = firstRefreshAt(id, now()).toISOString();
        await library.addFeedSubscription(sub, state);
        report.added.push({ id, url: sub.url, title: sub.title, folder: sub.folder });
      }
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
