// Over 300 lines on purpose: it is the one list of every shape the library stores, side by side.
import { z } from 'zod';
import { HIGHLIGHT_COLORS } from '../../shared/annotations';
import { DEFAULT_CONTENT_WIDTH, DEFAULT_LINE_HEIGHT, DEFAULT_TEXT_SIZE } from '../../shared/text-size';

/**
 * Every file the library stores, as a zod schema: the one description of each shape, used to read
 * it back (a file that does not match is damage, repaired from a backup, never guessed at).
 *
 * Each kind of file carries its own format number (`schemaVersion`), so one kind can change
 * without rewriting the others; `library.json` says which layout the folder as a whole is in (see
 * layout.ts and migrations.ts). A file whose number is higher than this code knows was written by
 * a newer Offprint and is refused as such (damage.ts).
 */
export const SHARD_FORMAT = 2;
/** 3 added tags, highlights and notes; a format-2 file reads as one with none of them. */
export const STATE_FORMAT = 3;
export const SETTINGS_FORMAT = 2;
export const TAGS_FORMAT = 1;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

/** One article as stored in the index: its metadata only. The body lives in articles/<id>/. */
export const articleRecordSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  byline: z.string().nullable(),
  siteName: z.string().nullable(),
  excerpt: z.string().nullable(),
  lang: z.string().nullable(),
  dir: z.enum(['ltr', 'rtl']).nullable(),
  publishedTime: z.string().nullable(),
  savedAt: isoDate,
  url: z.string().nullable(),
  finalUrl: z.string().nullable(),
  canonicalUrl: z.string().nullable(),
  /** The address reduced to what identifies the article, for finding duplicates. */
  normalizedUrl: z.string().nullable(),
  wordCount: z.number().int().min(0),
  readingMinutes: z.number().int().min(1),
  source: z.enum(['url', 'html', 'text']),
  /** What the raw page was, so it can be re-extracted later without the network. */
  raw: z.object({ contentType: z.string(), charset: z.string() }).nullable(),
  images: z
    .object({
      total: z.number().int().min(0),
      saved: z.number().int().min(0),
      failed: z.array(z.object({ url: z.string(), reason: z.string() })),
    })
    .default({ total: 0, saved: 0, failed: [] }),
  leadImage: z.string().nullable().default(null),
  /** What happened to the save (issue 16: shared/capture-report.ts); absent in records written before reports were kept. */
  capture: z.lazy(() => captureReportSchema).optional(),
  /** The feed item the article came from (issue 14); absent for articles saved by hand and in older files. */
  feed: z
    .object({ feedId: z.string().min(1), itemId: z.string(), feedTitle: z.string().nullable(), author: z.string().nullable(), published: z.string().nullable() })
    .optional(),
  /**
   * An article waiting to be downloaded (issue 15): listed with what an import knew of it (title,
   * address, dates, state, tags) but with no folder yet; a download puts its folder in place and
   * drops this. `content` is what the export itself held, in its import's content file.
   * Absent for every article saved whole, and in older files.
   */
  download: z
    .object({
      status: z.enum(['waiting', 'failed']),
      importId: z.string().nullable(),
      attempts: z.number().int().min(0),
      error: z.string().nullable(),
      triedAt: isoDate.nullable(),
      wayback: z.boolean(),
      content: z.object({ offset: z.number().int().min(0), length: z.number().int().min(0), baseUrl: z.string().nullable() }).nullable(),
    })
    .optional(),
  /** A copy fetched from a web archive (the Wayback Machine) because the page itself was gone: where, and when it was captured. */
  archivedCopy: z.object({ archive: z.literal('wayback'), url: z.string(), capturedAt: z.string() }).optional(),
});
export type ArticleRecord = z.infer<typeof articleRecordSchema>;
export type DownloadState = NonNullable<ArticleRecord['download']>;

// The capture report (issue 16). Every list has a bound, so a record stays small whatever the page.
const reportText = z.string().max(8192);
export const captureReportSchema = z.object({
  recorded: z.boolean(),
  source: z.enum(['web', 'extension', 'file', 'text', 'feed', 'import']),
  method: z.enum(['extract', 'fragment', 'text']),
  capturedAt: isoDate,
  requestedUrl: reportText.nullable(),
  finalUrl: reportText.nullable(),
  redirects: z.array(z.object({ status: z.number().int(), url: reportText })).max(20),
  canonicalUrl: reportText.nullable(),
  bytes: z.number().int().min(0).nullable(),
  contentType: reportText.nullable(),
  charset: z.object({ name: z.string().max(100), decidedBy: z.enum(['bom', 'header', 'meta', 'utf-8-check', 'default', 'given', 'reader']) }).nullable(),
  chromeRemoved: z.array(z.object({ what: z.string().max(200), count: z.number().int().min(0) })).max(50),
  images: z.object({
    found: z.number().int().min(0),
    saved: z.number().int().min(0),
    failed: z.number().int().min(0),
    fromBrowser: z.number().int().min(0),
    failures: z.array(z.object({ reason: reportText, count: z.number().int().min(0) })).max(50),
  }),
  extractionMs: z.number().min(0).nullable(),
  totalMs: z.number().min(0).nullable(),
  words: z.number().int().min(0),
  warnings: z.array(z.object({ code: z.enum(['short-text', 'block-page', 'login-wall', 'consent-wall', 'canonical-elsewhere', 'extraction-incomplete']), message: reportText })).max(10),
  suggestion: reportText.nullable(),
  reextractedAt: isoDate.nullable(),
});

export const settingsSchema = z.object({
  textSize: z.number().default(DEFAULT_TEXT_SIZE),
  lineHeight: z.number().default(DEFAULT_LINE_HEIGHT),
  contentWidth: z.number().default(DEFAULT_CONTENT_WIDTH),
  font: z.enum(['serif', 'sans', 'legible']).default('serif'),
  theme: z.enum(['system', 'light', 'dark', 'sepia']).default('system'),
  sort: z.enum(['newest', 'oldest']).default('newest'),
});

/**
 * The header line of an index shard (index/NNNNNN.articles.jsonl): the ids in list order, a hash of
 * each normalised address (for finding duplicates without reading the records), and the byte length
 * of each record line, so a shard is listed from its header alone and a truncated file is detected.
 */
export const shardHeaderSchema = z.object({
  schemaVersion: z.literal(SHARD_FORMAT),
  ids: z.array(z.string().min(1)),
  urlKeys: z.array(z.number().int().nullable()),
  lengths: z.array(z.number().int().min(2)),
});
export type ShardHeader = z.infer<typeof shardHeaderSchema>;

const positionSchema = z.object({ block: z.number().int().min(0), offset: z.number().int().min(0) });

export const placeSchema = z.object({
  placeId: z.string(),
  articleId: z.string(),
  position: positionSchema,
  snippet: z.string(),
  note: z.string().nullable(),
  createdAt: isoDate,
});

/** A highlight: W3C Web Annotation selectors over the article's body.txt (see shared/anchoring.ts). */
export const highlightSchema = z.object({
  highlightId: z.string(),
  articleId: z.string(),
  quote: z.object({ exact: z.string().min(1), prefix: z.string(), suffix: z.string() }),
  position: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }),
  color: z.enum(HIGHLIGHT_COLORS),
  note: z.string().nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

export const articleNoteSchema = z.object({ text: z.string(), createdAt: isoDate, updatedAt: isoDate });

const articleStateFields = {
  bookmarks: z.record(z.string(), z.object({ createdAt: isoDate })),
  places: z.array(placeSchema),
  reading: z.record(
    z.string(),
    z.object({ position: positionSchema.nullable(), progress: z.number(), lastReadAt: isoDate.nullable(), readAt: isoDate.nullable() }),
  ),
  archived: z.record(z.string(), isoDate),
  // Format 3. Tags are ids into index/tags.json, so renaming a tag rewrites one small file.
  tags: z.record(z.string(), z.array(z.string())).default({}),
  /** The name each tag id above had when this file was written: only for a repair that lost index/tags.json. */
  tagNames: z.record(z.string(), z.string()).default({}),
  highlights: z.array(highlightSchema).default([]),
  /** A note on the whole article. */
  notes: z.record(z.string(), articleNoteSchema).default({}),
};

/**
 * index/NNNNNN.state.json: what changes often (bookmarks, reading positions, read and archived
 * marks, bookmarked places) for the articles of one index shard only, so each of those changes
 * writes a file whose size is bounded by the shard's, whatever the size of the library.
 */
export const stateShardSchema = z.object({
  // A format-2 file is read as format 3 with no tags, highlights or notes, and written as 3 next time.
  schemaVersion: z.union([z.literal(2), z.literal(STATE_FORMAT)]).transform((): typeof STATE_FORMAT => STATE_FORMAT),
  ...articleStateFields,
});
export type StateShard = z.infer<typeof stateShardSchema>;
export type ReadingState = StateShard['reading'][string];
export type StoredHighlight = z.infer<typeof highlightSchema>;
export type StoredNote = z.infer<typeof articleNoteSchema>;

/**
 * index/tags.json: the library's tags by id. Articles carry tag ids (in their state files), so a
 * rename, merge or delete is one write of this small file: atomic and durable, whatever the number
 * of articles. A merged or deleted id stays in `retired` (the id it became, or null) for good, so
 * state written before, or restored from an older backup, still reads right.
 */
export const tagTableSchema = z.object({
  schemaVersion: z.literal(TAGS_FORMAT),
  nextId: z.number().int().min(1),
  tags: z.record(z.string(), z.object({ name: z.string().min(1), createdAt: isoDate })),
  retired: z.record(z.string(), z.string().nullable()),
});
export type TagTable = z.infer<typeof tagTableSchema>;

/** settings.json: the reader's settings. */
export const settingsFileSchema = z.object({ schemaVersion: z.literal(SETTINGS_FORMAT), settings: settingsSchema });
export type SettingsFile = z.infer<typeof settingsFileSchema>;

/** library.json: which layout the data directory is in. */
export const layoutFileSchema = z.object({ format: z.literal('offprint-library'), layoutVersion: z.number().int().min(1) });
export type LayoutFile = z.infer<typeof layoutFileSchema>;

export function emptyStateShard(): StateShard {
  return { schemaVersion: STATE_FORMAT, bookmarks: {}, places: [], reading: {}, archived: {}, tags: {}, tagNames: {}, highlights: [], notes: {} };
}

export function emptyTagTable(): TagTable {
  return { schemaVersion: TAGS_FORMAT, nextId: 1, tags: {}, retired: {} };
}

export function emptySettingsFile(): SettingsFile {
  return { schemaVersion: SETTINGS_FORMAT, settings: settingsSchema.parse({}) };
}

// Feeds (issue 14): the feed store room's files (feeds/subscriptions.json and feeds/<id>.feed.json).
export const FEEDS_FORMAT = 1;

export const feedSettingsSchema = z.object({
  /** Minutes between refreshes; null for the default (hourly, less often for quiet feeds). */
  refreshMinutes: z.number().int().min(5).max(7 * 24 * 60).nullable(),
  /** What of the feed's articles to keep; null for the default. */
  retention: z.union([z.object({ mode: z.literal('days'), days: z.number().int().min(1).max(3650) }), z.object({ mode: z.literal('count'), count: z.number().int().min(1).max(100_000) })]).nullable(),
  /** Where an item's text comes from: its page (the feed's HTML when the page fails), or the feed's HTML. */
  fullText: z.enum(['page', 'feed']),
});

export const feedSubscriptionSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  url: z.string(),
  title: z.string(),
  siteUrl: z.string().nullable(),
  folder: z.string().nullable(),
  addedAt: isoDate,
  settings: feedSettingsSchema,
  /** `inactive` after 410 Gone: not refreshed on a schedule, still listed with its articles. */
  status: z.enum(['active', 'inactive']),
});
export type FeedSubscriptionRecord = z.infer<typeof feedSubscriptionSchema>;

export const feedListFileSchema = z.object({ schemaVersion: z.literal(FEEDS_FORMAT), feeds: z.array(feedSubscriptionSchema) });
export type FeedListFile = z.infer<typeof feedListFileSchema>;

export const feedItemSchema = z.object({
  /** guid, Atom id or JSON Feed id; the normalised link when it has none; a hash of its text when it has neither. */
  key: z.string().min(1),
  /** Its normalised link, for matching an item seen under another key (another feed, a save by hand). */
  link: z.string().nullable(),
  articleId: z.string().nullable(),
  /**
   * `pending`: about to be saved under `articleId` (written first, so a crash never saves it twice);
   * `saved`; `failed` (tried `attempts` times); `removed` (by retention or by hand: never fetched again).
   */
  status: z.enum(['pending', 'saved', 'failed', 'removed']),
  seenAt: isoDate,
  publishedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  attempts: z.number().int().min(0),
  error: z.string().nullable(),
});
export type FeedItemRecord = z.infer<typeof feedItemSchema>;

export const feedStateFileSchema = z.object({
  schemaVersion: z.literal(FEEDS_FORMAT),
  feedId: z.string(),
  fetch: z.object({
    etag: z.string().nullable(),
    lastModified: z.string().nullable(),
    /** A permanent redirect seen on consecutive refreshes; the subscription moves after several. */
    redirect: z.object({ url: z.string(), count: z.number().int().min(1) }).nullable(),
    /** Not before this (Retry-After on 429/503). */
    retryAfter: isoDate.nullable(),
  }),
  health: z.object({
    lastAttemptAt: isoDate.nullable(),
    lastSuccessAt: isoDate.nullable(),
    lastErrorAt: isoDate.nullable(),
    lastError: z.string().nullable(),
    consecutiveFailures: z.number().int().min(0),
    lastNewItemsAt: isoDate.nullable(),
  }),
  schedule: z.object({
    nextRefreshAt: isoDate.nullable(),
    /** Refreshes in a row that found nothing new (quiet feeds are refreshed less often). */
    quietRefreshes: z.number().int().min(0),
    /** The feed's own floor (ttl, sy:updatePeriod), in minutes. */
    floorMinutes: z.number().min(0).nullable(),
  }),
  /** Bytes its articles take on disk, as of the last refresh or retention pass. */
  storageBytes: z.number().int().min(0),
  items: z.array(feedItemSchema),
});
export type FeedStateFile = z.infer<typeof feedStateFileSchema>;

export function emptyFeedState(feedId: string): FeedStateFile {
  return {
    schemaVersion: FEEDS_FORMAT,
    feedId,
    fetch: { etag: null, lastModified: null, redirect: null, retryAfter: null },
    health: { lastAttemptAt: null, lastSuccessAt: null, lastErrorAt: null, lastError: null, consecutiveFailures: 0, lastNewItemsAt: null },
    schedule: { nextRefreshAt: null, quietRefreshes: 0, floorMinutes: null },
    storageBytes: 0,
    items: [],
  };
}
