import { FEED_DEFAULTS, type FeedRefreshResult } from '../../shared/feeds';
import { OffprintError, toErrorValue } from '../../shared/errors';
import { type NetworkPolicy, networkPolicy } from '../capture/network/network-policy';
import { emptyFeedState, type Library } from '../library/library';
import { log } from '../log';
import { decodeFeedBytes } from './decode';
import { type FeedNetwork, type FeedResponse, fetchFeed, permanentTarget } from './fetch-feed';
import type { FeedsOptions } from './feeds';
import { ingestItems } from './ingest';
import type { KnownItems } from './known-items';
import { type ParsedFeed, parseFeedText } from './parse/parse-feed';
import { type HostPool, pooledFetch } from './pool';
import { applyRetention } from './retention';
import { nextRefreshAt, retryAfterTime } from './schedule';

// One refresh of one feed, start to end: the polite fetch (conditional, Retry-After, 410, permanent
// redirects seen several times), parsing, saving the new items, retention, and the feed's state
// written once at the end. feeds.ts decides when; this decides what a refresh does.

export type OkResponse = Extract<FeedResponse, { kind: 'ok' }>;

export interface RefreshContext {
  library: Library;
  options: FeedsOptions;
  now: () => Date;
  pool: HostPool;
  known: KnownItems;
  /** The network for this refresh, bound to the feeds' stop signal. */
  network: () => FeedNetwork;
  /** Whether the feeds were stopped (the app quitting) while this ran. */
  stopped: () => boolean;
}

export interface RefreshOptions {
  /** The bytes discovery or subscribing already fetched. */
  prefetched?: OkResponse | null;
  /** Started by the schedule (an inactive feed is then left alone), not by the reader. */
  scheduled?: boolean;
}

export function parseResponse(response: OkResponse, url: string): ParsedFeed {
  return parseFeedText(decodeFeedBytes(response.bytes, response.contentType).text, { url: response.finalUrl, label: url });
}

/** Never throws: a failure is the result's status and error, and the feed's health. */
export async function refreshOne(id: string, ctx: RefreshContext, opts: RefreshOptions): Promise<FeedRefreshResult> {
const { library, options, now, pool, known } = ctx;
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
    const response = opts.prefetched ?? (await fetchFeed(sub.url, conditional, ctx.network(), decided));
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
        const { added, updated } = await ingestItems(sub, state, parsed, { library, extractor: options.extractor, network: ctx.network(), policy, known, now, imageLimits: options.imageLimits, onArticle: options.onArticle });
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
    if (ctx.stopped()) {
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
