/**
 * What every import format is read into: one entry per saved article, with everything the export
 * said about it. Pure (no I/O, no library, no capture): the parsers in this folder turn text into
 * entries; electron/transfer/ decides what becomes of them.
 */
import { cleanTagName, type HighlightColor, MAX_TAGS_PER_ARTICLE, tagKey } from '../../../shared/annotations';

// The format names are the contract's (the app's format choice lists them too): shared/transfer.ts.
export { FORMAT_NAMES, IMPORT_FORMATS, type ImportFormat } from '../../../shared/transfer';
import type { ImportFormat } from '../../../shared/transfer';

export interface ImportHighlight {
  /** The highlighted words, as the export wrote them. */
  quote: string;
  note: string | null;
  color: HighlightColor | null;
  createdAt: string | null;
}

/** One saved article as an export describes it. Addresses are as written (checked by `checkAddress`). */
export interface ImportEntry {
  url: string;
  title: string | null;
  /** ISO 8601: when it was saved where it came from (kept as the article's saved time). */
  savedAt: string | null;
  /** Finished (read). */
  read: boolean;
  archived: boolean;
  /** Favourite, starred, pinned, shortlisted. */
  bookmarked: boolean;
  /** Tags, and folders or lists as "Parent/Child" tags. */
  tags: string[];
  /** How far the reader had got, 0 to 100. */
  progress: number | null;
  excerpt: string | null;
  /** The reader's note on the whole article. */
  note: string | null;
  author: string | null;
  publishedTime: string | null;
  lang: string | null;
  highlights: ImportHighlight[];
  /** The article's HTML as the export holds it, used instead of the web (Omnivore's content/, wallabag's content). */
  content: string | null;
  /** Or where that HTML is in the export's zip (read when the entry is recorded, one at a time). */
  contentFile?: string;
}

/** An entry that was not imported, and why. */
export interface SkippedEntry {
  url: string | null;
  title: string | null;
  reason: string;
}

export interface ParsedImport {
  format: ImportFormat;
  entries: ImportEntry[];
  skipped: SkippedEntry[];
}

/** An entry with every field at its "nothing said" value, and the fields given. */
export function entry(fields: Partial<ImportEntry> & { url: string }): ImportEntry {
  return {
    title: null,
    savedAt: null,
    read: false,
    archived: false,
    bookmarked: false,
    tags: [],
    progress: null,
    excerpt: null,
    note: null,
    author: null,
    publishedTime: null,
    lang: null,
    highlights: [],
    content: null,
    ...fields,
  };
}

/**
 * Whether an address can be imported: absolute http(s) only. The reason in words otherwise
 * (`javascript:` is never run, `place:` is a Firefox query, `file:` a file on some computer).
 */
export function checkAddress(raw: string | null | undefined): { url: string } | { reason: string } {
  const text = (raw ?? '').trim();
  if (!text) return { reason: 'it has no address' };
  if (text.length > 8192) return { reason: 'its address is longer than 8,192 characters' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { reason: `"${short(text)}" is not a whole web address (a relative or malformed address)` };
  }
  switch (url.protocol) {
    case 'http:':
    case 'https:':
      return url.hostname ? { url: url.href } : { reason: `"${short(text)}" has no host name` };
    case 'javascript:':
      return { reason: 'a javascript: address is a script, never run or saved' };
    case 'place:':
      return { reason: 'a place: address is a Firefox query (like "Recently saved"), not a page' };
    case 'file:':
      return { reason: 'a file: address is a file on some computer, not a web page' };
    default:
      return { reason: `a ${url.protocol} address is not a web page (only http and https are saved)` };
  }
}

function short(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/**
 * A time as ISO 8601, from what exports write: Unix seconds, milliseconds or microseconds (as a
 * number or digits), ISO 8601 with or without a zone (`+0200` and `+00:00` alike; a time without
 * a zone is taken as UTC), Python's `2025-01-20 22:13:02.447000+00:00`, wallabag's `d/m/Y h:i:s`
 * and an Apache-log `10/Oct/2000:13:55:36 +0300`. Null for anything else or an implausible year.
 */
export function toIso(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,17}(\.\d+)?$/.test(value.trim()))) {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) return null;
    const ms = n > 1e14 ? n / 1000 : n > 1e11 ? n : n * 1000;
    return plausible(new Date(ms));
  }
  if (typeof value !== 'string') return null;
  let text = value.trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (m) return plausible(new Date(Date.UTC(+m[3]!, +m[2]! - 1, +m[1]!, +m[4]!, +m[5]!, +(m[6] ?? 0))));
  m = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})$/.exec(text);
  if (m) text = `${m[2]} ${m[1]} ${m[3]} ${m[4]}:${m[5]}:${m[6]} GMT${m[7]}`;
  else {
    text = text.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2').replace(/(\.\d{3})\d+/, '$1').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text += 'Z';
  }
  return plausible(new Date(text));
}

function plausible(date: Date): string | null {
  const time = date.getTime();
  if (Number.isNaN(time)) return null;
  const year = date.getUTCFullYear();
  return year >= 1980 && year <= 2200 ? date.toISOString() : null;
}

/** Tags as Offprint keeps them: cleaned, each once (compared case-insensitively), at most 100. */
export function cleanTags(names: Iterable<string | null | undefined>): string[] {
  const out = new Map<string, string>();
  for (const name of names) {
    const clean = name ? cleanTagName(name) : null;
    if (clean && !out.has(tagKey(clean))) out.set(tagKey(clean), clean);
  }
  return [...out.values()].slice(0, MAX_TAGS_PER_ARTICLE);
}

/** A folder (or list) path as one tag, "Parent/Child"; a path too long for a tag keeps its last folders. */
export function folderTag(path: readonly (string | null | undefined)[]): string | null {
  const parts = path.map((p) => (p ?? '').replace(/\s+/gu, ' ').trim()).filter(Boolean);
  for (let from = 0; from < parts.length; from++) {
    const tag = cleanTagName(parts.slice(from).join('/'));
    if (tag) return tag;
  }
  return null;
}

/** Text or null: trimmed, empty is nothing. */
export function text(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const t = String(value).trim();
  return t ? t : null;
}

/** Exports write yes/no flags as booleans, 0/1, "0"/"1", "true"/"false" or "yes"/"no". */
export function flag(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
  return false;
}

/** Progress as 0–100 from what the format writes: a fraction (Readwise's 0.45) or a percentage (Omnivore's 45, "45%"). */
export function toProgress(value: unknown, scale: 'fraction' | 'percent'): number | null {
  if (value === null || value === undefined || value === '') return null;
  const written = String(value).trim();
  const n = typeof value === 'number' ? value : Number(written.replace('%', ''));
  if (!Number.isFinite(n) || n < 0) return null;
  const percent = scale === 'fraction' && !written.includes('%') ? n * 100 : n;
  return Math.max(0, Math.min(100, Math.round(percent)));
}

/** HTML entities in a title or attribute decoded (the few Netscape files double-escape: `&amp;#8230;`). */
export function decodeEntities(value: string, decode: (s: string) => string): string {
  let out = decode(value);
  // Escaped twice: one more pass only when what is left is itself an entity.
  if (/&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(out)) out = decode(out);
  return out;
}
