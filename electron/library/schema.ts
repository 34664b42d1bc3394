import { z } from 'zod';
import { DEFAULT_CONTENT_WIDTH, DEFAULT_LINE_HEIGHT, DEFAULT_TEXT_SIZE } from '../../shared/text-size';

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
  lineHeight: z.number().default(DEFAULT_LINE_HEIGHT),
  contentWidth: z.number().default(DEFAULT_CONTENT_WIDTH),
  font: z.enum(['serif', 'sans', 'legible']).default('serif'),
  theme: z.enum(['system', 'light', 'dark', 'sepia']).default('system'),
  sort: z.enum(['newest', 'oldest']).default('newest'),
});

/** db.json: the article index. Large, and written only when articles are added, changed or removed. */
export const dbSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  articles: z.array(articleRecordSchema),
});
export type DbData = z.infer<typeof dbSchema>;

const positionSchema = z.object({ block: z.number().int().min(0), offset: z.number().int().min(0) });

/**
 * state.json: everything that changes often (bookmarks, reading positions, read and archived marks,
 * settings), kept out of the article index so that each of those changes writes little.
 */
export const stateSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  bookmarks: z.record(z.string(), z.object({ createdAt: isoDate })),
  places: z.array(
    z.object({
      placeId: z.string(),
      articleId: z.string(),
      position: positionSchema,
      snippet: z.string(),
      note: z.string().nullable(),
      createdAt: isoDate,
    }),
  ),
  reading: z.record(
    z.string(),
    z.object({ position: positionSchema.nullable(), progress: z.number(), lastReadAt: isoDate.nullable(), readAt: isoDate.nullable() }),
  ),
  archived: z.record(z.string(), isoDate),
  settings: settingsSchema,
});
export type StateData = z.infer<typeof stateSchema>;
export type ReadingState = StateData['reading'][string];

export function emptyDb(): DbData {
  return { schemaVersion: SCHEMA_VERSION, articles: [] };
}

export function emptyState(): StateData {
  return { schemaVersion: SCHEMA_VERSION, bookmarks: {}, places: [], reading: {}, archived: {}, settings: settingsSchema.parse({}) };
}
