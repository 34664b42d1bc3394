/**
 * The JSON exports: wallabag (2.x, and 1.x's all-strings PDO rows), Karakeep/Hoarder (with and
 * without `lists`), Linkwarden, Pinboard, Omnivore's `metadata_*.json`, GoodLinks, Delicious,
 * Readability and browsers' own bookmark stores (Chrome's `Bookmarks`, Firefox's backup JSON).
 * Pure: a parsed JSON value in, entries out.
 */
import { decodeHTML } from 'entities';
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../../shared/annotations';
import { checkAddress, cleanTags, entry, flag, folderTag, type ImportEntry, type ImportFormat, type ImportHighlight, type ParsedImport, type SkippedEntry, text, toIso, toProgress } from './entry';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((t) => (typeof t === 'string' ? t : isObject(t) ? (text(t.name) ?? text(t.label) ?? '') : String(t))) : typeof v === 'string' ? v.split(',') : [];

/** Which JSON export a parsed value is, if it is one Offprint knows. */
export function jsonFormatOf(value: unknown): ImportFormat | null {
  if (Array.isArray(value)) {
    const first = value.find(isObject);
    if (!first) return value.length === 0 ? null : null;
    const has = (...keys: string[]) => keys.every((k) => k in first);
    if (has('href', 'description') && ('time' in first || 'toread' in first)) return 'pinboard';
    if ('is_archived' in first || 'is_starred' in first || 'is_read' in first || 'is_fav' in first) return 'wallabag-json';
    if (has('url') && ('savedAt' in first || 'readingProgress' in first || ('slug' in first && 'labels' in first))) return 'omnivore';
    if (has('url') && ('addedAt' in first || 'originalURL' in first)) return 'goodlinks';
    if (has('url', 'created') && ('owner' in first || 'others' in first || 'private' in first)) return 'delicious';
    return null;
  }
  if (!isObject(value)) return null;
  if (Array.isArray(value.bookmarks)) {
    const first = value.bookmarks.find(isObject);
    if (first && ('article__url' in first || 'article__title' in first)) return 'readability';
    return 'karakeep';
  }
  if (Array.isArray(value.collections)) return 'linkwarden';
  if (isObject(value.roots)) return 'browser-json';
  if (typeof value.type === 'string' && value.type.startsWith('text/x-moz-place')) return 'browser-json';
  return null;
}

/** Reads a JSON export of `format`. */
export function parseJsonExport(value: unknown, format: ImportFormat): ParsedImport {
  const entries: ImportEntry[] = [];
  const skipped: SkippedEntry[] = [];
  const add = (e: ImportEntry | null, title?: string | null) => {
    if (!e) return;
    if (!e.url && e.content) {
      entries.push(e); // a note with no address (Karakeep's text bookmarks): saved as its text
      return;
    }
    const address = checkAddress(e.url);
    if ('reason' in address) skipped.push({ url: e.url || null, title: title ?? e.title, reason: address.reason });
    else entries.push({ ...e, url: address.url });
  };
  switch (format) {
    case 'wallabag-json':
      for (const item of list(value).filter(isObject)) add(wallabag(item));
      break;
    case 'karakeep':
      karakeep(value as Json, add, skipped);
      break;
    case 'linkwarden':
      linkwarden(value as Json, add);
      break;
    case 'pinboard':
      for (const item of list(value).filter(isObject)) {
        const toRead = text(item.toread)?.toLowerCase();
        add(entry({ url: String(item.href ?? ''), title: text(item.description), excerpt: text(item.extended), savedAt: toIso(item.time), read: toRead === 'no', tags: cleanTags(String(item.tags ?? '').split(/\s+/)) }));
      }
      break;
    case 'omnivore':
      for (const item of list(value).filter(isObject)) {
        if (String(item.state ?? '').toLowerCase() === 'deleted') {
          skipped.push({ url: text(item.url), title: text(item.title), reason: 'deleted in Omnivore' });
          continue;
        }
        add(omnivoreItem(item, null, []));
      }
      break;
    case 'goodlinks':
      for (const item of list(value).filter(isObject))
        add(entry({ url: String(item.url ?? item.originalURL ?? ''), title: text(item.title), excerpt: text(item.summary), savedAt: toIso(item.addedAt), bookmarked: flag(item.starred), read: item.readAt !== undefined && item.readAt !== null, tags: cleanTags(strings(item.tags)) }));
      break;
    case 'delicious':
      for (const item of list(value).filter(isObject)) add(entry({ url: String(item.url ?? ''), title: text(item.title), excerpt: text(item.description), savedAt: toIso(item.created), tags: cleanTags(strings(item.tags)) }));
      break;
    case 'readability':
      for (const item of list((value as Json).bookmarks).filter(isObject)) {
        const archived = flag(item.archive);
        // Readability wrote its titles and excerpts as HTML text (`&#x2019;`, `&hellip;`).
        const html = (v: unknown) => { const t = text(v); return t ? decodeHTML(t) : null; };
        add(entry({ url: String(item.article__url ?? ''), title: html(item.article__title), excerpt: html(item.article__excerpt), savedAt: toIso(item.date_added), bookmarked: flag(item.favorite), archived, read: archived }));
      }
      break;
    case 'browser-json':
      browserJson(value as Json, add, skipped);
      break;
    default:
      break;
  }
  return { format, entries, skipped };
}

/** wallabag 2.x (booleans or 0/1, tags as an array, annotations) and 1.x (every value a string, tags a comma string, no dates). */
function wallabag(item: Json): ImportEntry {
  const archived = flag(item.is_archived ?? item.is_read);
  const authors = Array.isArray(item.published_by) ? item.published_by.map(String).join(', ') : text(item.published_by);
  return entry({
    url: String(item.url ?? item.given_url ?? ''),
    title: text(item.title),
    savedAt: toIso(item.created_at),
    archived,
    read: archived,
    bookmarked: flag(item.is_starred ?? item.is_fav),
    tags: cleanTags(strings(item.tags)),
    content: text(item.content),
    lang: text(item.language),
    author: authors || null,
    publishedTime: toIso(item.published_at),
    highlights: list(item.annotations)
      .filter(isObject)
      .flatMap((a): ImportHighlight[] => {
        const quote = text(a.quote);
        return quote ? [{ quote, note: text(a.text), color: null, createdAt: toIso(a.created_at) }] : [];
      }),
  });
}

/** One Omnivore item, with its content and highlights from the export zip when there. */
export function omnivoreItem(item: Json, content: string | null, highlights: ImportHighlight[]): ImportEntry {
  const state = String(item.state ?? '').toLowerCase();
  const progress = toProgress(item.readingProgress, 'percent');
  return entry({
    url: String(item.url ?? ''),
    title: text(item.title),
    excerpt: text(item.description),
    author: text(item.author),
    savedAt: toIso(item.savedAt),
    publishedTime: toIso(item.publishedAt),
    archived: state === 'archived',
    read: state === 'archived' || progress === 100,
    progress,
    tags: cleanTags(strings(item.labels)),
    content,
    highlights,
  });
}

/** Karakeep/Hoarder: `lists` (February 2026 on) as "Parent/Child" tags through the export's list table; `favourited` a bookmark; `note` the article's note. */
function karakeep(value: Json, add: (e: ImportEntry | null) => void, skipped: SkippedEntry[]): void {
  const lists = new Map<string, Json>();
  for (const l of list(value.lists).filter(isObject)) lists.set(String(l.id ?? l.name), l);
  const pathOf = (id: string, depth = 0): string[] => {
    const l = lists.get(id);
    if (!l || depth > 32) return [id];
    const parent = text(l.parentId);
    return [...(parent ? pathOf(parent, depth + 1) : []), text(l.name) ?? id];
  };
  for (const b of list(value.bookmarks).filter(isObject)) {
    const content = isObject(b.content) ? b.content : {};
    const inLists = list(b.lists).map((l) => (isObject(l) ? String(l.id ?? l.name) : String(l)));
    const archived = flag(b.archived);
    const fields = {
      title: text(b.title),
      savedAt: toIso(b.createdAt),
      archived,
      read: archived,
      bookmarked: flag(b.favourited),
      tags: cleanTags([...strings(b.tags), ...inLists.map((id) => folderTag(pathOf(id)))]),
      note: text(b.note),
      excerpt: text(b.summary) ?? text(content.description),
    };
    const type = String(content.type ?? 'link');
    if (type === 'link') add(entry({ url: String(content.url ?? b.url ?? ''), ...fields }));
    else if (type === 'text' && text(content.text)) add(entry({ url: '', ...fields, content: `<p>${escapeText(String(content.text)).replace(/\n\s*\n/g, '</p><p>')}</p>` }));
    else skipped.push({ url: null, title: fields.title, reason: `a Karakeep ${type} bookmark (an uploaded file), not a web page` });
  }
}

/** Linkwarden: collections nest through `parentId` ("Parent/Child" tags); a link pinned by anyone is a bookmark. */
function linkwarden(value: Json, add: (e: ImportEntry | null) => void): void {
  const collections = new Map<string, Json>();
  for (const c of list(value.collections).filter(isObject)) collections.set(String(c.id), c);
  const pathOf = (id: string, depth = 0): string[] => {
    const c = collections.get(id);
    if (!c || depth > 32) return [];
    const parent = c.parentId === null || c.parentId === undefined ? null : String(c.parentId);
    return [...(parent ? pathOf(parent, depth + 1) : []), text(c.name) ?? id];
  };
  for (const c of collections.values()) {
    const folder = folderTag(pathOf(String(c.id)));
    for (const link of list(c.links).filter(isObject)) {
      add(
        entry({
          url: String(link.url ?? ''),
          title: text(link.name),
          excerpt: text(link.description),
          savedAt: toIso(link.createdAt),
          bookmarked: list(link.pinnedBy).length > 0 || flag(link.pinned),
          tags: cleanTags([...strings(link.tags), folder]),
        }),
      );
    }
  }
}

/** Chrome's `Bookmarks` (microseconds since 1601) and Firefox's backup JSON (microseconds since 1970, `tags` a comma string). */
function browserJson(value: Json, add: (e: ImportEntry | null, title?: string | null) => void, skipped: SkippedEntry[]): void {
  const walk = (node: Json, path: string[]) => {
    const type = String(node.type ?? '');
    if (type === 'url' || type === 'text/x-moz-place') {
      const url = String(node.url ?? node.uri ?? '');
      const chrome = type === 'url';
      const micros = Number(chrome ? node.date_added : node.dateAdded);
      const savedAt = Number.isFinite(micros) && micros > 0 ? toIso(chrome ? micros / 1000 - 11_644_473_600_000 : micros / 1000) : null;
      add(entry({ url, title: text(node.name ?? node.title), savedAt, tags: cleanTags([...strings(node.tags), folderTag(path)]) }));
      return;
    }
    if (type === 'text/x-moz-place-separator') return;
    const name = text(node.name ?? node.title);
    const next = name && !(node.root === 'placesRoot') ? [...path, name] : path;
    for (const child of list(node.children).filter(isObject)) walk(child, next);
  };
  if (isObject(value.roots)) for (const root of Object.values(value.roots).filter(isObject)) walk(root, []);
  else walk(value, []);
  void skipped;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A highlight colour from another tool's name for it, when Offprint has the same one. */
export function colorOf(name: unknown): HighlightColor | null {
  const n = String(name ?? '').toLowerCase();
  if ((HIGHLIGHT_COLORS as readonly string[]).includes(n)) return n as HighlightColor;
  if (n === 'red') return 'pink';
  return null;
}
