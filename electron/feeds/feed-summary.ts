import { FEED_DEFAULTS, type FeedSummary } from '../../shared/feeds';
import { emptyFeedState, type FeedSubscriptionRecord, type Library } from '../library/library';
import { refreshIntervalMinutes } from './schedule';

// What the reader sees of a feed: its articles still in the library, unread counts, health and the
// schedule worked out from its settings. Read-only over the library; feeds.ts and the refresh use it.

/** The library articles a feed brought in that are still there, each once. */
export function articleIdsOf(library: Library, feedId: string): string[] {
  const ids: string[] = [];
  for (const item of library.peekFeedState(feedId)?.items ?? []) if (item.status === 'saved' && item.articleId && library.has(item.articleId)) ids.push(item.articleId);
  return [...new Set(ids)];
}

/** A subscription as the contract shows it. */
export function summaryOf(library: Library, sub: FeedSubscriptionRecord): FeedSummary {
  const state = library.peekFeedState(sub.id) ?? emptyFeedState(sub.id);
  const ids = articleIdsOf(library, sub.id);
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
