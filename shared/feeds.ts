/** Plain-JSON shapes of the feeds part of the contract (issue 14), and the defaults the UI shows. */

/** Where an item's text comes from: its own page (the feed's HTML when the page fails), or the feed's HTML. */
export type FullTextSource = 'page' | 'feed';

/** What of a feed's articles to keep: those saved in the last N days, or the newest N. */
export type FeedRetention = { mode: 'days'; days: number } | { mode: 'count'; count: number };

/** A feed's own settings; null means "the default" (see FEED_DEFAULTS). */
export interface FeedSettings {
  /** Minutes between refreshes (5 to 10,080). */
  refreshMinutes: number | null;
  retention: FeedRetention | null;
  fullText: FullTextSource;
}

/** The defaults, shown in a feed's settings, and the bounds the schedule keeps to. */
export const FEED_DEFAULTS = {
  /** Refresh hourly… */
  refreshMinutes: 60,
  /** …never more often than this, whatever the feed or the reader asks… */
  minRefreshMinutes: 5,
  /** …and never less often than daily (quiet feeds, failing feeds, a long ttl). */
  maxRefreshMinutes: 24 * 60,
  /** A feed with nothing new for this many refreshes in a row is refreshed half as often, then a quarter (at most 4× the interval). */
  quietAfterRefreshes: 6,
  maxQuietFactor: 4,
  retention: { mode: 'days', days: 30 } as FeedRetention,
  fullText: 'page' as FullTextSource,
  /** Failures in a row after which a feed is shown as broken (it is still tried, less often). */
  brokenAfterFailures: 5,
  /** Refreshes in a row that must see the same permanent redirect before the subscription moves. */
  redirectAfterRefreshes: 3,
  /** Attempts at saving one item before it is left as failed. */
  itemAttempts: 3,
} as const;

/** active: refreshed on schedule; inactive: the feed said it is gone (410); broken: it failed brokenAfterFailures times in a row. */
export type FeedStatus = 'active' | 'inactive' | 'broken';

export interface FeedHealth {
  /** ISO 8601 times, null when never. */
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  /** The last failure in words, cleared by a success. */
  lastError: string | null;
  consecutiveFailures: number;
  /** When the schedule will refresh it next (null for an inactive feed). */
  nextRefreshAt: string | null;
  /** The site asked not to be asked before this (Retry-After). */
  retryAfter: string | null;
  /** A permanent redirect seen, and how many refreshes in a row have seen it. */
  pendingRedirect: { url: string; seen: number; needed: number } | null;
}

export interface FeedSummary {
  id: string;
  title: string;
  /** The feed's address (what is refreshed). */
  url: string;
  /** The site's home page, if the feed names it. */
  siteUrl: string | null;
  /** Folder path, `/`-separated, or null. */
  folder: string | null;
  addedAt: string;
  status: FeedStatus;
  /** As set on this feed (null: the default). */
  settings: FeedSettings;
  /** What is in force: the settings with the defaults filled in, and the feed's own floor applied. */
  effective: { refreshMinutes: number; retention: FeedRetention; fullText: FullTextSource };
  health: FeedHealth;
  /** Articles the feed has in the library, and how many of them are unread. */
  articles: number;
  unread: number;
  /** Bytes its articles take on disk. */
  storageBytes: number;
}

/** A feed found at an address: the address itself, a page's `<link rel="alternate">`, a common path, or a YouTube channel. */
export interface DiscoveredFeed {
  url: string;
  title: string | null;
  format: 'rss' | 'atom' | 'rdf' | 'json' | null;
  source: 'address' | 'link' | 'common-path' | 'youtube';
}

export interface FeedList {
  feeds: FeedSummary[];
  /** Every folder in use, sorted. */
  folders: string[];
  defaults: { refreshMinutes: number; retention: FeedRetention; fullText: FullTextSource };
}

export interface AddFeedResult {
  feed: FeedSummary;
  /** Every feed found at the address, the one subscribed first. */
  discovered: DiscoveredFeed[];
  /** True when that feed was already subscribed (nothing was added). */
  alreadySubscribed: boolean;
}

/** What one feed's refresh did. `new`: articles added; `updated`: known items the feed changed; `notModified`: the server answered 304. */
export interface FeedRefreshResult {
  id: string;
  status: 'ok' | 'not-modified' | 'failed' | 'gone' | 'deferred' | 'inactive';
  new: number;
  updated: number;
  notModified: boolean;
  /** The failure, or why it was not asked, in words. */
  error?: string;
}

export interface OpmlImportReport {
  added: { id: string; url: string; title: string; folder: string | null }[];
  skipped: { url: string | null; title: string | null; reason: string }[];
}
