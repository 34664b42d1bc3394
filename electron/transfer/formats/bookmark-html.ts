/**
 * Bookmark files written as HTML: the Netscape bookmark format (Chrome, Edge, Firefox, Safari, IE,
 * Pinboard, Shaarli, Delicious, Google Bookmarks) and Pocket's old `ril_export.html`. These files
 * are rarely valid HTML (`<DT>` never closed, `<p>` inside `<DL>`, top-level `<DT>`s outside any
 * list, no DOCTYPE, a BOM), so they are read as a stream of the few tags that matter, the way
 * browsers' own importers do, not through an HTML tree builder that would move them around.
 * Pure: text in, entries out.
 */
import { decodeHTML } from 'entities';
import { checkAddress, cleanTags, decodeEntities, entry, folderTag, type ImportEntry, type ParsedImport, type SkippedEntry, text, toIso } from './entry';

const TAG = /<(\/?)(dl|dt|dd|h1|h3|a|hr|ul|li)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTR = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;

function attributes(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (let m = ATTR.exec(raw); m; m = ATTR.exec(raw)) out.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  ATTR.lastIndex = 0;
  return out;
}

/** Where `</name>` next closes, from `from` (case-insensitive), or -1. */
function closeOf(input: string, name: string, from: number): number {
  const re = new RegExp(`</${name}\\s*>|<(dt|dl|dd|li|ul|h1|h3|/dl|/ul)\\b`, 'gi');
  re.lastIndex = from;
  const m = re.exec(input);
  // A tag left open ends where the next item or list starts, never at the end of the file.
  return m ? m.index : -1;
}

const decode = (s: string) => decodeEntities(s, decodeHTML);
const plainText = (html: string) => decode(html.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();

/** Whether a text looks like Pocket's `ril_export.html` rather than a browser's bookmarks. */
export function isPocketHtml(input: string): boolean {
  const head = input.slice(0, 20_000);
  return /time_added\s*=/i.test(head) && (/<title>\s*Pocket Export/i.test(head) || /<h1>\s*(Unread|Read Archive)\s*<\/h1>/i.test(head));
}

/** Whether a text is a Netscape bookmark file (with or without its DOCTYPE). */
export function isNetscapeBookmarks(input: string): boolean {
  const head = input.slice(0, 20_000);
  return /<!DOCTYPE\s+NETSCAPE-Bookmark-file/i.test(head) || (/<dl\b/i.test(head) && /<dt\b/i.test(head) && /<a\s[^>]*href\s*=/i.test(head));
}

/**
 * A Netscape bookmark file: folders (`<H3>`, nested `<DL>`s) become "Parent/Child" tags, `TAGS`
 * (comma-separated; Shaarli's space-separated when there is no comma) tags, `ADD_DATE` the saved
 * time (Unix seconds, or microseconds as Google Bookmarks wrote), `TOREAD="1"` unread, a `<DD>`
 * after a link its excerpt.
 */
export function parseNetscape(input: string): ParsedImport {
  const entries: ImportEntry[] = [];
  const skipped: SkippedEntry[] = [];
  const folders: (string | null)[] = [];
  let pendingFolder: string | null = null;
  let lastEntry: ImportEntry | null = null;
  let ddFrom = -1;
  const closeDd = (at: number) => {
    if (ddFrom < 0) return;
    const description = plainText(input.slice(ddFrom, at));
    if (lastEntry && description) lastEntry.excerpt = description;
    ddFrom = -1;
  };
  for (let m = TAG.exec(input); m; m = TAG.exec(input)) {
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    if (name !== 'dd' || closing) closeDd(m.index);
    if (closing) {
      if (name === 'dl') folders.pop();
      continue;
    }
    switch (name) {
      case 'h3': {
        const end = closeOf(input, 'h3', TAG.lastIndex);
        pendingFolder = plainText(input.slice(TAG.lastIndex, end < 0 ? undefined : end)) || null;
        if (end >= 0) TAG.lastIndex = end;
        lastEntry = null;
        break;
      }
      case 'dl':
        folders.push(pendingFolder);
        pendingFolder = null;
        break;
      case 'dt':
        pendingFolder = null;
        break;
      case 'dd':
        ddFrom = TAG.lastIndex;
        break;
      case 'a': {
        const attrs = attributes(m[3]!);
        const end = closeOf(input, 'a', TAG.lastIndex);
        const title = plainText(input.slice(TAG.lastIndex, end < 0 ? undefined : end)) || null;
        if (end >= 0) TAG.lastIndex = end;
        const href = decode(attrs.get('href') ?? '');
        const address = checkAddress(href);
        lastEntry = null;
        if ('reason' in address) {
          skipped.push({ url: href || null, title, reason: address.reason });
          break;
        }
        const rawTags = decode(attrs.get('tags') ?? '');
        const tags = rawTags.includes(',') ? rawTags.split(',') : rawTags.split(/\s+/);
        const path = folderTag(folders.filter((f): f is string => f !== null));
        const toRead = attrs.get('toread');
        lastEntry = entry({
          url: address.url,
          title,
          savedAt: toIso(attrs.get('add_date')),
          tags: cleanTags([...tags, path]),
          // TOREAD="0" is a bookmark that was never on a reading list: read, as far as Offprint can tell.
          read: toRead === '0',
        });
        entries.push(lastEntry);
        break;
      }
      default:
        break;
    }
  }
  TAG.lastIndex = 0;
  closeDd(input.length);
  return { format: 'netscape', entries, skipped };
}

/** Pocket's `ril_export.html`: the list an item is under (Unread, Read Archive) says whether it was read; `tags` are comma-separated. */
export function parsePocketHtml(input: string): ParsedImport {
  const entries: ImportEntry[] = [];
  const skipped: SkippedEntry[] = [];
  let archived = false;
  for (let m = TAG.exec(input); m; m = TAG.exec(input)) {
    if (m[1] === '/') continue;
    const name = m[2]!.toLowerCase();
    if (name === 'h1') {
      const end = closeOf(input, 'h1', TAG.lastIndex);
      archived = !/unread/i.test(plainText(input.slice(TAG.lastIndex, end < 0 ? TAG.lastIndex : end)));
      continue;
    }
    if (name !== 'a') continue;
    const attrs = attributes(m[3]!);
    const end = closeOf(input, 'a', TAG.lastIndex);
    const title = plainText(input.slice(TAG.lastIndex, end < 0 ? undefined : end)) || null;
    const href = decode(attrs.get('href') ?? '');
    const address = checkAddress(href);
    if ('reason' in address) {
      skipped.push({ url: href || null, title, reason: address.reason });
      continue;
    }
    entries.push(entry({ url: address.url, title: text(title), savedAt: toIso(attrs.get('time_added')), archived, read: archived, tags: cleanTags(decode(attrs.get('tags') ?? '').split(',')) }));
  }
  TAG.lastIndex = 0;
  return { format: 'pocket-html', entries, skipped };
}
