import { z } from 'zod';
import { cleanTagName, HIGHLIGHT_COLORS, MAX_NOTE_LENGTH, MAX_TAG_LENGTH, MAX_TAGS_PER_ARTICLE } from './annotations';
import type { ApiArgs, ApiMethod } from './api';
import { MAX_TEXT_SIZE, MIN_TEXT_SIZE } from './text-size';
import { REDECODE_CHARSET_LABELS } from './capture-report';

/** Articles are addressed by the ids the library hands out: short, URL- and path-safe. */
export const articleIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{3,63}$/, 'An article id is 4 to 64 lowercase letters, digits and dashes');

/** Big enough for any real article, small enough that a bad caller cannot fill memory. */
const MAX_INPUT_CHARS = 15 * 1024 * 1024;

const saveSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('url'), url: z.string().trim().min(1, 'Type or paste a web address').max(8192) }),
  z.strictObject({
    kind: z.literal('html'),
    html: z.string().min(1, 'The HTML is empty').max(MAX_INPUT_CHARS),
    baseUrl: z.string().max(8192).optional(),
    title: z.string().max(1000).optional(),
  }),
  z.strictObject({
    kind: z.literal('text'),
    text: z.string().refine((t) => t.trim().length > 0, 'The text is empty').pipe(z.string().max(MAX_INPUT_CHARS)),
    title: z.string().max(1000).optional(),
  }),
]);

const settingsPatchSchema = z.strictObject({
  textSize: z.number().finite().min(MIN_TEXT_SIZE).max(MAX_TEXT_SIZE).optional(),
  lineHeight: z.number().finite().min(1.2).max(2.4).optional(),
  contentWidth: z.number().int().min(30).max(120).optional(),
  font: z.enum(['serif', 'sans', 'legible']).optional(),
  theme: z.enum(['system', 'light', 'dark', 'sepia']).optional(),
  sort: z.enum(['newest', 'oldest']).optional(),
});

const positionSchema = z.strictObject({
  block: z.number().int().min(0).max(1_000_000),
  offset: z.number().int().min(0).max(10_000_000),
});

const noArgs = z.strictObject({});

/** A tag as given: cleaned and compared by the library (shared/annotations.ts), refused here only when nothing usable is left. */
const tagNameSchema = z
  .string()
  .max(MAX_TAG_LENGTH * 4)
  .refine((name) => cleanTagName(name) !== null, `A tag is 1 to ${MAX_TAG_LENGTH} characters, without line breaks or control characters`);
const tagListSchema = z.array(tagNameSchema).max(MAX_TAGS_PER_ARTICLE, `At most ${MAX_TAGS_PER_ARTICLE} tags at a time`);
const noteSchema = z.string().max(MAX_NOTE_LENGTH, `A note is at most ${MAX_NOTE_LENGTH.toLocaleString('en')} characters`);
const textOffset = z.number().int().min(0).max(100_000_000);
// Feeds (issue 14).
const feedUrlSchema = z.string().trim().min(1, 'Type or paste a feed or site address').max(8192);
const folderSchema = z
  .string()
  .trim()
  .max(200, 'A folder name is at most 200 characters')
  .transform((f) => f.split('/').map((p) => p.trim()).filter(Boolean).join('/'))
  .transform((f) => (f === '' ? null : f));
const feedSettingsPatchSchema = z.strictObject({
  refreshMinutes: z.number().int().min(5, 'A feed is refreshed at most every 5 minutes').max(7 * 24 * 60).nullable().optional(),
  retention: z
    .discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('days'), days: z.number().int().min(1).max(3650) }),
      z.strictObject({ mode: z.literal('count'), count: z.number().int().min(1).max(100_000) }),
    ])
    .nullable()
    .optional(),
  fullText: z.enum(['page', 'feed']).optional(),
});
const feedScopeSchema = z
  .strictObject({ feedId: articleIdSchema.optional(), folder: z.string().trim().min(1).max(200).optional() })
  .refine((a) => (a.feedId === undefined) !== (a.folder === undefined), 'Give either a feedId or a folder');

/** The id of a pairing request (issue 16), as the listener hands them out. */
const pairingRequestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'A pairing request id is 16 letters, digits, _ or -');

/**
 * The argument schema of every method of the contract, keyed by method name. Every edge (IPC, HTTP,
 * CLI) parses what it receives with these before the library sees it.
 */
export const argSchemas = {
  listArticles: z.strictObject({
    view: z.enum(['all', 'unread', 'bookmarked', 'archived', 'continue']).optional(),
    sort: z.enum(['newest', 'oldest']).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(500).optional(),
    tag: tagNameSchema.optional(),
  }),
  searchArticles: z.strictObject({
    query: z.string().max(500, 'A search is at most 500 characters').refine((q) => q.trim().length > 0, 'Type something to search for'),
    view: z.enum(['all', 'unread', 'bookmarked', 'archived', 'continue']).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(100).optional(),
  }),
  getArticle: z.strictObject({ id: articleIdSchema }),
  saveArticle: z.strictObject({
    source: saveSourceSchema,
    refresh: z.boolean().optional(),
    requestId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'A request id is 1 to 64 letters, digits, _ or -').optional(),
  }),
  listSaves: noArgs,
  retryImages: z.strictObject({ id: articleIdSchema }),
  deleteArticle: z.strictObject({ id: articleIdSchema }),
  setBookmarked: z.strictObject({ id: articleIdSchema, bookmarked: z.boolean() }),
  listBookmarks: noArgs,
  addPlaceBookmark: z.strictObject({
    id: articleIdSchema,
    position: positionSchema,
    snippet: z.string().max(1000),
    note: z.string().max(5000).optional(),
  }),
  deletePlaceBookmark: z.strictObject({ placeId: articleIdSchema }),
  saveProgress: z.strictObject({ id: articleIdSchema, position: positionSchema, progress: z.number().finite().min(0).max(100) }),
  setRead: z.strictObject({ id: articleIdSchema, read: z.boolean() }),
  setArchived: z.strictObject({ id: articleIdSchema, archived: z.boolean() }),
  getSettings: noArgs,
  updateSettings: z.strictObject({ patch: settingsPatchSchema }),
  listNotices: noArgs,
  dismissNotice: z.strictObject({ id: z.string().regex(/^[0-9A-Za-z-]{1,60}$/, 'A notice id is letters, digits and -, like 2026-11-27T10-00-00-000Z-a1b2c3') }),
  // Tags, highlights and notes (issue 13).
  setTags: z.strictObject({ id: articleIdSchema, tags: tagListSchema }),
  addTags: z.strictObject({ id: articleIdSchema, tags: tagListSchema.min(1, 'Name a tag to add') }),
  removeTags: z.strictObject({ id: articleIdSchema, tags: tagListSchema.min(1, 'Name a tag to remove') }),
  listTags: noArgs,
  renameTag: z.strictObject({ tag: tagNameSchema, name: tagNameSchema }),
  mergeTags: z.strictObject({ tags: tagListSchema.min(1, 'Name the tags to merge'), into: tagNameSchema }),
  deleteTag: z.strictObject({ tag: tagNameSchema }),
  addHighlight: z
    .strictObject({
      id: articleIdSchema,
      start: textOffset,
      end: textOffset,
      exact: z.string().max(15 * 1024 * 1024).optional(),
      color: z.enum(HIGHLIGHT_COLORS).optional(),
      note: noteSchema.optional(),
    })
    .refine((h) => h.end > h.start, 'A highlight ends after it starts'),
  updateHighlight: z.strictObject({ highlightId: articleIdSchema, color: z.enum(HIGHLIGHT_COLORS).optional(), note: noteSchema.nullable().optional() }),
  deleteHighlight: z.strictObject({ highlightId: articleIdSchema }),
  listHighlights: z.strictObject({ id: articleIdSchema.optional(), offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(500).optional() }),
  setArticleNote: z.strictObject({ id: articleIdSchema, note: noteSchema.nullable() }),
  exportHighlights: z.strictObject({ id: articleIdSchema.optional(), format: z.enum(['markdown', 'json']).optional() }),
  // Feeds (issue 14)
  discoverFeeds: z.strictObject({ url: feedUrlSchema }),
  addFeed: z.strictObject({ url: feedUrlSchema, folder: folderSchema.nullable().optional(), settings: feedSettingsPatchSchema.optional() }),
  listFeeds: noArgs,
  updateFeed: z.strictObject({
    id: articleIdSchema,
    patch: z.strictObject({ title: z.string().trim().min(1, 'A feed needs a title').max(500).optional(), folder: folderSchema.nullable().optional(), settings: feedSettingsPatchSchema.optional() }),
  }),
  removeFeed: z.strictObject({ id: articleIdSchema, keepArticles: z.boolean() }),
  refreshFeeds: z.strictObject({ ids: z.array(articleIdSchema).max(10_000).optional() }),
  listFeedArticles: z
    .strictObject({
      feedId: articleIdSchema.optional(),
      folder: z.string().trim().min(1).max(200).optional(),
      view: z.enum(['all', 'unread']).optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(500).optional(),
    })
    .refine((a) => (a.feedId === undefined) !== (a.folder === undefined), 'Give either a feedId or a folder'),
  markFeedRead: feedScopeSchema,
  importOpml: z.strictObject({ opml: z.string().min(1, 'The OPML file is empty').max(MAX_INPUT_CHARS) }),
  exportOpml: noArgs,
  // Save from the browser and the capture report (issue 16)
  getCaptureReport: z.strictObject({ id: articleIdSchema }),
  reextractArticle: z.strictObject({ id: articleIdSchema }),
  redecodeArticle: z.strictObject({ id: articleIdSchema, charset: z.enum(REDECODE_CHARSET_LABELS, 'Choose one of the charsets Offprint offers (utf-8, windows-1252, shift_jis, …)') }),
  listExtensionPairingRequests: noArgs,
  approveExtensionPairing: z.strictObject({ requestId: pairingRequestIdSchema }),
  denyExtensionPairing: z.strictObject({ requestId: pairingRequestIdSchema }),
  listExtensions: noArgs,
  revokeExtension: z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, 'A paired extension id is 16 hex digits (offprint extension list shows them)') }),
} satisfies { [M in ApiMethod]: z.ZodType<ApiArgs<M>> };

/** Describes a zod failure in one readable sentence. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
