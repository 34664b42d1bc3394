import { z } from 'zod';
import { DEFAULT_CONTENT_WIDTH, DEFAULT_LINE_HEIGHT, DEFAULT_TEXT_SIZE } from '../../shared/text-size';

/** The first layout: one db.json holding every record, and one state.json. Migrated on open. */
export const LEGACY_SCHEMA_VERSION = 1;
/** The sharded layout: index/NNNNNN.articles.jsonl and index/NNNNNN.state.json, settings in state.json. */
export const SCHEMA_VERSION = 2;

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
});
export type ArticleRecord = z.infer<typeof articleRecordSchema>;

const RECORD_STRINGS = ['id', 'title', 'savedAt'] as const;
const RECORD_NULLABLE_STRINGS = ['byline', 'siteName', 'excerpt', 'lang', 'publishedTime', 'url', 'finalUrl', 'canonicalUrl', 'normalizedUrl', 'leadImage'] as const;

/**
 * The common case of articleRecordSchema, checked by hand and without copying: records are
 * validated as they are first listed, fifty at a time, and this is several times faster. Anything
 * it is not sure of (a missing field that has a default, an odd value) returns null, and the
 * caller falls back to the schema, which gives the same result or the error.
 */
export function quickRecord(raw: unknown): ArticleRecord | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  for (const key of RECORD_STRINGS) if (typeof r[key] !== 'string') return null;
  for (const key of RECORD_NULLABLE_STRINGS) if (r[key] !== null && typeof r[key] !== 'string') return null;
  if ((r.id as string).length === 0 || Number.isNaN(Date.parse(r.savedAt as string))) return null;
  if (r.dir !== null && r.dir !== 'ltr' && r.dir !== 'rtl') return null;
  if (r.source !== 'url' && r.source !== 'html' && r.source !== 'text') return null;
  if (!Number.isInteger(r.wordCount) || (r.wordCount as number) < 0 || !Number.isInteger(r.readingMinutes) || (r.readingMinutes as number) < 1) return null;
  const rawPage = r.raw as Record<string, unknown> | null;
  if (rawPage !== null && (typeof rawPage !== 'object' || typeof rawPage.contentType !== 'string' || typeof rawPage.charset !== 'string')) return null;
  const images = r.images as Record<string, unknown> | undefined;
  if (typeof images !== 'object' || images === null || !Number.isInteger(images.total) || !Number.isInteger(images.saved) || !Array.isArray(images.failed)) return null;
  if ((images.total as number) < 0 || (images.saved as number) < 0) return null;
  for (const f of images.failed as unknown[]) {
    if (typeof f !== 'object' || f === null || typeof (f as { url?: unknown }).url !== 'string' || typeof (f as { reason?: unknown }).reason !== 'string') return null;
  }
  return r as ArticleRecord;
}

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
  schemaVersion: z.literal(SCHEMA_VERSION),
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

const articleStateFields = {
  bookmarks: z.record(z.string(), z.object({ createdAt: isoDate })),
  places: z.array(placeSchema),
  reading: z.record(
    z.string(),
    z.object({ position: positionSchema.nullable(), progress: z.number(), lastReadAt: isoDate.nullable(), readAt: isoDate.nullable() }),
  ),
  archived: z.record(z.string(), isoDate),
};

/**
 * index/NNNNNN.state.json: what changes often (bookmarks, reading positions, read and archived
 * marks, bookmarked places) for the articles of one index shard only, so each of those changes
 * writes a file whose size is bounded by the shard's, whatever the size of the library.
 */
export const stateShardSchema = z.object({ schemaVersion: z.literal(SCHEMA_VERSION), ...articleStateFields });
export type StateShard = z.infer<typeof stateShardSchema>;
export type ReadingState = StateShard['reading'][string];

/** state.json: the reader's settings. */
export const settingsFileSchema = z.object({ schemaVersion: z.literal(SCHEMA_VERSION), settings: settingsSchema });
export type SettingsFile = z.infer<typeof settingsFileSchema>;

/** The first layout's db.json, read only to migrate it. */
export const legacyDbSchema = z.object({
  schemaVersion: z.literal(LEGACY_SCHEMA_VERSION),
  articles: z.array(articleRecordSchema),
});
export type LegacyDb = z.infer<typeof legacyDbSchema>;

/** The first layout's state.json (per-article state and settings together), read only to migrate it. */
export const legacyStateSchema = z.object({ schemaVersion: z.literal(LEGACY_SCHEMA_VERSION), ...articleStateFields, settings: settingsSchema });
export type LegacyState = z.infer<typeof legacyStateSchema>;

export function emptyStateShard(): StateShard {
  return { schemaVersion: SCHEMA_VERSION, bookmarks: {}, places: [], reading: {}, archived: {} };
}

export function emptySettingsFile(): SettingsFile {
  return { schemaVersion: SCHEMA_VERSION, settings: settingsSchema.parse({}) };
}
