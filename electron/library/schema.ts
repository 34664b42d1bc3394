import { z } from 'zod';
import { DEFAULT_TEXT_SIZE } from '../../shared/text-size';

/** Bumped whenever db.json changes shape; older files are migrated on open. */
export const SCHEMA_VERSION = 1;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

/** One article as stored in db.json: its metadata only. The body lives in articles/<id>/. */
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

export const settingsSchema = z.object({
  textSize: z.number().default(DEFAULT_TEXT_SIZE),
});

export const dbSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  articles: z.array(articleRecordSchema),
  /** Bookmarked article ids with when they were bookmarked; kept apart from the records. */
  bookmarks: z.record(z.string(), z.object({ createdAt: isoDate })),
  settings: settingsSchema,
});
export type DbData = z.infer<typeof dbSchema>;

export function emptyDb(): DbData {
  return { schemaVersion: SCHEMA_VERSION, articles: [], bookmarks: {}, settings: { textSize: DEFAULT_TEXT_SIZE } };
}
