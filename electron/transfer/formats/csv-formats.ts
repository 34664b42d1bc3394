/**
 * The CSV exports: Pocket (2024–25, with or without `cursor`), Instapaper (4 and 6 columns),
 * Readwise Reader, Raindrop.io and wallabag. Columns are found by name in the header, so their order
 * does not matter; a file cut short inside a quoted field, or a row with the wrong number of
 * fields, is an error naming the line. Pure: text in, entries out (csv-parse does the RFC 4180 part).
 */
import { parse } from 'csv-parse/sync';
import { OffprintError } from '../../../shared/errors';
import { checkAddress, cleanTags, entry, flag, folderTag, type ImportEntry, type ImportFormat, type ParsedImport, type SkippedEntry, text, toIso, toProgress } from './entry';

/** The header of a CSV text, lower-cased and trimmed, with the delimiter it uses (`,` or wallabag's `;`). */
export function csvHeader(input: string): { columns: string[]; delimiter: ',' | ';' } | null {
  const firstLine = input.slice(0, 4096).split(/\r?\n/, 1)[0] ?? '';
  if (!firstLine.trim()) return null;
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  try {
    const [row] = parse(firstLine, { delimiter, relax_quotes: true, to_line: 1 }) as string[][];
    return row ? { columns: row.map((c) => c.trim().toLowerCase()), delimiter } : null;
  } catch {
    return null; // not CSV at all
  }
}

/** Which CSV export a header is, if it is one Offprint knows. */
export function csvFormatOf(columns: string[], delimiter: string): ImportFormat | null {
  const has = (...names: string[]) => names.every((n) => columns.includes(n));
  if (has('title', 'url', 'time_added')) return 'pocket-csv';
  if (has('url', 'title', 'selection', 'folder')) return 'instapaper-csv';
  if (has('url', 'document tags', 'saved date')) return 'readwise-csv';
  if (has('title', 'url', 'content', 'tags') && (delimiter === ';' || columns.includes('mime type'))) return 'wallabag-csv';
  if (has('url') && columns.some((c) => ['folder', 'excerpt', 'note', 'cover', 'highlights', 'favorite', 'created'].includes(c))) return 'raindrop-csv';
  return null;
}

/** The columns each CSV format cannot do without. */
const REQUIRED: Partial<Record<ImportFormat, string[]>> = {
  'pocket-csv': ['url'],
  'instapaper-csv': ['url'],
  'readwise-csv': ['url'],
  'raindrop-csv': ['url'],
  'wallabag-csv': ['url'],
};

/** Reads a CSV export of `format`. Refuses a file without the columns it needs, or cut short. */
export function parseCsvExport(input: string, format: ImportFormat, label: string): ParsedImport {
  const header = csvHeader(input);
  if (!header) throw new OffprintError('invalid-argument', `${label} is empty or has no header line.`);
  const missing = (REQUIRED[format] ?? []).filter((c) => !header.columns.includes(c));
  if (missing.length) throw new OffprintError('invalid-argument', `${label} has no ${missing.join(', ')} column (its columns are ${header.columns.join(', ')}), so it is not a complete export.`);
  let rows: Record<string, string>[];
  try {
    rows = parse(input, {
      delimiter: header.delimiter,
      columns: (names: string[]) => names.map((n) => n.trim().toLowerCase()),
      skip_empty_lines: true,
      bom: true,
      relax_quotes: format === 'instapaper-csv' || format === 'pocket-csv',
    }) as Record<string, string>[];
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    throw new OffprintError('invalid-argument', `${label} is damaged or cut short${e.lines ? ` (line ${e.lines})` : ''}: ${e.message ?? String(error)}`);
  }
  const entries: ImportEntry[] = [];
  const skipped: SkippedEntry[] = [];
  rows.forEach((row, i) => {
    const made = ROW[format]?.(row);
    if (!made) return;
    if ('skip' in made) {
      skipped.push(made.skip);
      return;
    }
    const address = checkAddress(made.url);
    if ('reason' in address) skipped.push({ url: made.url || null, title: made.title, reason: `row ${i + 2}: ${address.reason}` });
    else entries.push({ ...made, url: address.url });
  });
  return { format, entries, skipped };
}

type RowReader = (row: Record<string, string>) => ImportEntry | { skip: SkippedEntry } | null;

const ROW: Partial<Record<ImportFormat, RowReader>> = {
  'pocket-csv': (row) => {
    const status = (row.status ?? '').trim().toLowerCase();
    const archived = status === 'archive' || status === 'archived' || status === 'read';
    return entry({ url: row.url ?? '', title: text(row.title), savedAt: toIso(row.time_added), archived, read: archived, tags: cleanTags((row.tags ?? '').split('|')) });
  },
  'instapaper-csv': (row) => {
    const folder = text(row.folder);
    const selection = text(row.selection);
    const lower = folder?.toLowerCase();
    const archived = lower === 'archive';
    const tags = [...parseJsonList(row.tags), ...(folder && !['unread', 'archive', 'starred'].includes(lower!) ? [folderTag(folder.split('/'))] : [])];
    return entry({
      url: row.url ?? '',
      title: text(row.title),
      savedAt: toIso(row.timestamp),
      archived,
      read: archived,
      bookmarked: lower === 'starred',
      tags: cleanTags(tags),
      excerpt: selection,
      // Instapaper's Selection is words the reader selected: a highlight where the text has them.
      highlights: selection ? [{ quote: selection, note: null, color: null, createdAt: toIso(row.timestamp) }] : [],
    });
  },
  'readwise-csv': (row) => {
    const location = (row.location ?? '').trim().toLowerCase();
    if (location === 'feed') return { skip: { url: text(row.url), title: text(row.title), reason: 'a Readwise Reader feed item, not a document the reader saved' } };
    const progress = toProgress(row['reading progress'], 'fraction');
    return entry({
      url: row.url ?? '',
      title: text(row.title),
      savedAt: toIso(row['saved date']),
      archived: location === 'archive',
      read: location === 'archive' || progress === 100,
      bookmarked: location === 'shortlist',
      tags: cleanTags(parsePythonList(row['document tags'] ?? '')),
      progress,
    });
  },
  'raindrop-csv': (row) => {
    const folder = text(row.folder);
    const tags = [...(row.tags ?? '').split(','), folder && folder.toLowerCase() !== 'unsorted' ? folderTag(folder.split('/')) : null];
    return entry({
      url: row.url ?? '',
      title: text(row.title),
      savedAt: toIso(row.created),
      bookmarked: flag(row.favorite),
      tags: cleanTags(tags),
      excerpt: text(row.excerpt),
      note: text(row.note),
      highlights: parseRaindropHighlights(row.highlights ?? ''),
    });
  },
  'wallabag-csv': (row) =>
    entry({
      url: row.url ?? '',
      title: text(row.title),
      savedAt: toIso(row['creation date']),
      tags: cleanTags((row.tags ?? '').split(',')),
      lang: text(row.language),
      content: text(row.content),
    }),
};

/** Instapaper's `Tags` column: a JSON array written as text (`[]`, `["a","b"]`). */
function parseJsonList(value: string | undefined): string[] {
  const t = (value ?? '').trim();
  if (!t) return [];
  try {
    const list: unknown = JSON.parse(t);
    if (Array.isArray(list)) return list.map((v) => (typeof v === 'string' ? v : typeof v === 'object' && v && 'name' in v ? String((v as { name: unknown }).name) : String(v)));
  } catch {
    // not JSON: a comma list
  }
  return t.split(',');
}

/**
 * Readwise's `Document tags`: a Python list repr, `['a', "don't", 'peanut, butter']`: each string
 * in single or double quotes (double when it holds an apostrophe), backslash escapes inside.
 */
export function parsePythonList(value: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(value); m; m = re.exec(value)) out.push((m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1'));
  if (!out.length && value.trim() && !value.includes('[')) return value.split(',');
  return out;
}

/** Raindrop's `highlights` column: `Highlight: …` lines, each optionally followed by `Note: …`. */
function parseRaindropHighlights(value: string): ImportEntry['highlights'] {
  const out: ImportEntry['highlights'] = [];
  for (const block of value.split(/\n(?=Highlight:)/)) {
    const m = /^Highlight:\s*([\s\S]*?)(?:\nNote:\s*([\s\S]*))?$/.exec(block.trim());
    if (m && m[1]!.trim()) out.push({ quote: m[1]!.trim(), note: m[2]?.trim() || null, color: null, createdAt: null });
  }
  return out;
}
