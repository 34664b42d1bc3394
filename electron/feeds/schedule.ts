import { FEED_DEFAULTS } from '../../shared/feeds';

/**
 * When a feed is refreshed next: pure arithmetic over its settings and state, so the schedule can
 * be tested without waiting. Default hourly; the reader's own interval when set; quiet feeds (nothing
 * new for several refreshes) less often, up to 4×; the feed's `ttl`/`sy:updatePeriod` as a floor;
 * failures back off exponentially; always within [minRefreshMinutes, maxRefreshMinutes]; Retry-After
 * is never undercut. Each feed's time is shifted by a fixed fraction of its interval derived from its
 * id, so feeds added together spread over the hour instead of all asking at once.
 */
export interface ScheduleInput {
  feedId: string;
  refreshMinutes: number | null;
  quietRefreshes: number;
  floorMinutes: number | null;
  consecutiveFailures: number;
  retryAfter: string | null;
}

const MINUTE = 60_000;

/** The interval in force, in minutes (shown as the feed's effective refresh). */
export function refreshIntervalMinutes(input: Omit<ScheduleInput, 'feedId' | 'retryAfter'>): number {
  let minutes: number = input.refreshMinutes ?? FEED_DEFAULTS.refreshMinutes;
  if (input.refreshMinutes === null) {
    const quietSteps = Math.floor(input.quietRefreshes / FEED_DEFAULTS.quietAfterRefreshes);
    minutes *= Math.min(FEED_DEFAULTS.maxQuietFactor, 2 ** quietSteps);
  }
  if (input.floorMinutes) minutes = Math.max(minutes, input.floorMinutes);
  if (input.consecutiveFailures > 0) minutes *= 2 ** Math.min(input.consecutiveFailures - 1, 10);
  return Math.min(FEED_DEFAULTS.maxRefreshMinutes, Math.max(FEED_DEFAULTS.minRefreshMinutes, Math.round(minutes)));
}

/** A stable number in [0, 1) from a feed id. */
export function spreadFraction(feedId: string): number {
  let hash = 2166136261;
  for (let i = 0; i < feedId.length; i++) {
    hash ^= feedId.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  // MurmurHash3's finaliser, so ids that differ in one character land far apart.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}

/** The next refresh after one that ended at `now`. */
export function nextRefreshAt(input: ScheduleInput, now: Date): Date {
  const interval = refreshIntervalMinutes(input) * MINUTE;
  // ±5% of the interval, fixed per feed: keeps feeds that started spread apart.
  const jitter = (spreadFraction(input.feedId) - 0.5) * 0.1 * interval;
  let at = now.getTime() + interval + jitter;
  const retry = input.retryAfter ? Date.parse(input.retryAfter) : NaN;
  if (Number.isFinite(retry)) at = Math.max(at, retry);
  return new Date(at);
}

/** The first refresh of a feed that has none planned (just imported, or from before a restart): spread over the next `withinMinutes`. */
export function firstRefreshAt(feedId: string, now: Date, withinMinutes = 10): Date {
  return new Date(now.getTime() + spreadFraction(feedId) * withinMinutes * MINUTE);
}

/** Retry-After as a time: seconds, or an HTTP date; null when absent or unreadable. Bounded to a day. */
export function retryAfterTime(header: string | null, now: Date): Date | null {
  if (!header) return null;
  const trimmed = header.trim();
  let at: number;
  if (/^\d+$/.test(trimmed)) at = now.getTime() + Number(trimmed) * 1000;
  else {
    at = Date.parse(trimmed);
    if (Number.isNaN(at)) return null;
  }
  return new Date(Math.min(Math.max(at, now.getTime()), now.getTime() + FEED_DEFAULTS.maxRefreshMinutes * MINUTE));
}
