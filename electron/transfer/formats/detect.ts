/**
 * Which export a file is, from its content (not its name): a zip by what it holds, a text by its
 * first bytes and shape. An unknown file is refused saying what it looks like. Pure.
 */
import { OffprintError } from '../../../shared/errors';
import { isNetscapeBookmarks, isPocketHtml, parseNetscape, parsePocketHtml } from './bookmark-html';
import { csvFormatOf, csvHeader, parseCsvExport } from './csv-formats';
import { FORMAT_NAMES, IMPORT_FORMATS, type ImportFormat, type ParsedImport } from './entry';
import { jsonFormatOf, parseJsonExport } from './json-formats';
import { isOmnivoreMetadata } from './omnivore';
import { isUrlList, parseUrlList } from './url-list';

export const KNOWN_FORMATS = `Offprint imports ${IMPORT_FORMATS.map((f) => FORMAT_NAMES[f]).join(', ')}`;

/** A `--format` name, or the list of those there are. */
export function requireFormat(name: string): ImportFormat {
  if ((IMPORT_FORMATS as readonly string[]).includes(name)) return name as ImportFormat;
  throw new OffprintError('invalid-argument', `There is no import format "${name}"; the formats are ${IMPORT_FORMATS.join(', ')}.`);
}

/** What a zip holds decides what it is: Offprint's manifest, Omnivore's metadata files, Pocket's `part_*.csv`. */
export function zipFormatOf(names: string[], firstCsvHeader: (name: string) => string | null): ImportFormat {
  if (names.includes('offprint-export.json')) return 'offprint';
  if (names.some(isOmnivoreMetadata)) return 'omnivore';
  const csvs = names.filter((n) => /\.csv$/i.test(n));
  for (const name of csvs) {
    const header = csvHeader(firstCsvHeader(name) ?? '');
    const format = header && csvFormatOf(header.columns, header.delimiter);
    if (format) return format;
  }
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, and ${names.length - 5} more` : '');
  throw new OffprintError('invalid-argument', `This is a zip holding ${names.length} ${names.length === 1 ? 'file' : 'files'} (${shown || 'none'}), and none of them is an export Offprint knows. ${KNOWN_FORMATS}.`);
}

/** The text formats: from the first characters and the shape. */
export function textFormatOf(input: string): ImportFormat {
  const head = input.slice(0, 4096).trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<opml\b/i.test(head) || (/^<\?xml/i.test(head) && /<opml\b/i.test(input.slice(0, 20_000)))) return 'opml';
  if (isPocketHtml(input)) return 'pocket-html';
  if (isNetscapeBookmarks(input)) return 'netscape';
  if (head.startsWith('{') || head.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new OffprintError('invalid-argument', `This looks like JSON but cannot be read as JSON (it may be cut short): ${(error as Error).message}.`);
    }
    const format = jsonFormatOf(value);
    if (format) return format;
    throw new OffprintError('invalid-argument', `This is JSON, ${describeJson(value)}, which is not an export Offprint knows. ${KNOWN_FORMATS}.`);
  }
  const header = csvHeader(input);
  if (header && header.columns.length >= 2 && (csvFormatOf(header.columns, header.delimiter) || looksTabular(input, header.delimiter))) {
    const format = csvFormatOf(header.columns, header.delimiter);
    if (format) return format;
    if (!isUrlList(input)) throw new OffprintError('invalid-argument', `This looks like CSV with the columns ${header.columns.slice(0, 12).join(', ')}, which is not an export Offprint knows. ${KNOWN_FORMATS}.`);
  }
  if (isUrlList(input)) return 'url-list';
  if (/<html\b|<body\b/i.test(head)) throw new OffprintError('invalid-argument', `This is an HTML page without bookmarks in it (no <DL>/<DT> lists of links), not an export Offprint knows. ${KNOWN_FORMATS}.`);
  const first = input.split(/\r?\n/).find((l) => l.trim()) ?? '';
  throw new OffprintError('invalid-argument', `This is plain text that is not a list of web addresses (it starts "${first.trim().slice(0, 60)}"). ${KNOWN_FORMATS}.`);
}

/** Whether a text's first two lines have as many delimiters each (prose with a comma in it has one line, or lines unlike each other). */
function looksTabular(input: string, delimiter: string): boolean {
  const [first, second] = input.slice(0, 8192).split(/\r?\n/).filter((l) => l.trim());
  return second !== undefined && first!.split(delimiter).length === second.split(delimiter).length;
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) {
    const first = value.find((v) => typeof v === 'object' && v !== null) as Record<string, unknown> | undefined;
    return first ? `a list of ${value.length} objects with the keys ${Object.keys(first).slice(0, 10).join(', ')}` : `a list of ${value.length} values`;
  }
  if (typeof value === 'object' && value !== null) return `an object with the keys ${Object.keys(value).slice(0, 10).join(', ') || '(none)'}`;
  return `a single ${typeof value}`;
}

/** Reads a text export whose format is known (detected, or given with `--format`). OPML and zips are read elsewhere. */
export function parseTextExport(input: string, format: ImportFormat, label: string): ParsedImport {
  switch (format) {
    case 'pocket-csv':
    case 'instapaper-csv':
    case 'readwise-csv':
    case 'raindrop-csv':
    case 'wallabag-csv':
      return parseCsvExport(input, format, label);
    case 'pocket-html':
      return parsePocketHtml(input);
    case 'netscape':
      return parseNetscape(input);
    case 'url-list':
      return parseUrlList(input);
    case 'opml':
    case 'offprint':
      throw new OffprintError('invalid-argument', `${label} is read as ${FORMAT_NAMES[format]} elsewhere.`);
    default: {
      let value: unknown;
      try {
        value = JSON.parse(input);
      } catch (error) {
        throw new OffprintError('invalid-argument', `${label} cannot be read as JSON (it may be damaged or cut short): ${(error as Error).message}.`);
      }
      if (jsonFormatOf(value) === null && !(format === 'karakeep' || format === 'linkwarden')) {
        throw new OffprintError('invalid-argument', `${label} is JSON, ${describeJson(value)}, not ${FORMAT_NAMES[format]}.`);
      }
      return parseJsonExport(value, format);
    }
  }
}
