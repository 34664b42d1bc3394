import { FEED_DEFAULTS } from '../../shared/feeds';
import type { FeedStateFile, FeedSubscriptionRecord, Library } from '../library/library';

/** How long an item a feed no longer lists is remembered (so it is never fetched again), and how many at most. */
const FORGET_AFTER_DAYS = 365;
const MAX_REMEMBERED = 5000;

/**
 * True for an article the reader has made their own, which retention and unsubscribing never
 * remove: bookmarked, with bookmarked places (highlights), archived by hand, or being read.
 */
export function isKept(library: Library, id: string): boolean {
  const summary = library.summary(id);
  if (summary.bookmarked || summary.archivedAt) return true;
  if (library.places(id).length > 0) return true;
  return summary.progress > 0 && summary.readAt === null;
}

/**
 * Keeps what the feed's retention says (the last N days, or the newest N items) of the articles
 * the feed brought in, never an article the reader made their own, and remembers every removed
 * item so it is never fetched again. Also works out the storage the feed's articles take.
 * Mutates `state`; returns how many articles were removed. The storage is counted again when
 * `recount` is set or something was removed.
 */
export async function applyRetention(sub: FeedSubscriptionRecord, state: FeedStateFile, library: Library, now: Date, options: { recount: boolean }): Promise<number> {
  const policy = sub.settings.retention ?? FEED_DEFAULTS.retention;
  const own = state.items.filter((e) => e.status === 'saved' && e.articleId && library.has(e.articleId) && library.summary(e.articleId).feed?.feedId === sub.id);
  // Newest first by the feed's date, else when it was saved.
  const when = (id: string) => {
    const s = library.summary(id);
    return Date.parse(s.feed?.published ?? s.savedAt) || Date.parse(s.savedAt);
  };
  own.sort((a, b) => when(b.articleId!) - when(a.articleId!));
  const cutoff = policy.mode === 'days' ? now.getTime() - policy.days * 86_400_000 : -Infinity;
  let removed = 0;
  for (const [rank, entry] of own.entries()) {
    const id = entry.articleId!;
    const expired = policy.mode === 'days' ? Date.parse(library.summary(id).savedAt) < cutoff : rank >= policy.count;
    if (!expired || isKept(library, id)) continue;
    await library.deleteArticle({ id });
    entry.status = 'removed';
    entry.error = 'removed by the feed\'s retention';
    removed++;
  }
  // Items long gone from the feed need not be remembered for ever.
  const forget = now.getTime() - FORGET_AFTER_DAYS * 86_400_000;
  state.items = state.items.filter((e) => e.status === 'saved' || e.status === 'pending' || Date.parse(e.seenAt) >= forget);
  if (state.items.length > MAX_REMEMBERED) state.items = state.items.slice(state.items.length - MAX_REMEMBERED);
  if (!options.recount && removed === 0) return 0;
  let bytes = 0;
  for (const entry of state.items) if (entry.status === 'saved' && entry.articleId && library.has(entry.articleId)) bytes += await library.articleBytes(entry.articleId);
  state.storageBytes = bytes;
  return removed;
}
