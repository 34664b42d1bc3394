/** Import and export (issue 15): the plain-JSON shapes of the contract's transfer methods and events. */
import type { ArticleSummary } from './types';

/** Where one import is. */
export interface ImportSummary {
  id: string;
  /** The file's name, as given. */
  name: string;
  /** The format it was read as (`pocket-csv`, `omnivore`, …: the CLI's `--format` names). */
  format: string;
  /** `listing` (entries being recorded), `downloading`, `paused`, `done`, or `cancelled`. */
  status: 'listing' | 'downloading' | 'paused' | 'done' | 'cancelled';
  createdAt: string;
  finishedAt: string | null;
  /** Whether dead pages may come from the Wayback Machine. */
  wayback: boolean;
  /** Entries recorded so far, of those to record. */
  listed: number;
  total: number;
  /** Articles added (waiting to be downloaded until they are), entries already in the library, entries skipped. */
  imported: number;
  duplicates: number;
  skipped: number;
  /** Highlights the export held, and how many of them were placed in the downloaded text. */
  highlights: number;
  placed: number;
  /** Of the articles added: downloaded, failed (with reasons on the articles), still waiting. */
  downloaded: number;
  failed: number;
  waiting: number;
  /** The first entries skipped, each with its reason in words. */
  skippedEntries: { url: string | null; title: string | null; reason: string }[];
}

/** One entry of an import, as `offprint import --json` prints it. */
export interface ImportEntryOutcome {
  url: string | null;
  id: string | null;
  title: string | null;
  tags: string[];
  archived: boolean;
  bookmarked: boolean;
  status: 'imported' | 'duplicate' | 'skipped';
  reason?: string;
}

/** What an import file is given as through the contract: its text, or its bytes in base64 (a zip). */
export type ImportFileSource = { name: string; text: string } | { name: string; base64: string };

/** A page of articles waiting to be downloaded (or whose download failed). */
export interface DownloadPage {
  items: ArticleSummary[];
  total: number;
  waiting: number;
  failed: number;
  /** False while the queue is paused (every import paused). */
  running: boolean;
}

export const EXPORT_FORMATS = ['json', 'html', 'markdown', 'epub', 'netscape', 'opml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An export written to the library's `exports/` folder. */
export interface ExportResult {
  format: ExportFormat;
  /** The file or folder written (absolute), and a name to offer when saving a copy elsewhere. */
  path: string;
  filename: string;
  articles: number;
  bytes: number;
}

/** The formats Offprint imports, as `--format` names them. */
export const IMPORT_FORMATS = [
  'pocket-csv',
  'pocket-html',
  'instapaper-csv',
  'omnivore',
  'wallabag-json',
  'wallabag-csv',
  'karakeep',
  'linkwarden',
  'readwise-csv',
  'raindrop-csv',
  'pinboard',
  'netscape',
  'opml',
  'url-list',
  'goodlinks',
  'delicious',
  'readability',
  'browser-json',
  'offprint',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Each format's name in words, for messages and the report. */
export const FORMAT_NAMES: Record<ImportFormat, string> = {
  'pocket-csv': 'Pocket CSV',
  'pocket-html': 'Pocket HTML (ril_export.html)',
  'instapaper-csv': 'Instapaper CSV',
  omnivore: 'Omnivore export',
  'wallabag-json': 'wallabag JSON',
  'wallabag-csv': 'wallabag CSV',
  karakeep: 'Karakeep/Hoarder JSON',
  linkwarden: 'Linkwarden JSON',
  'readwise-csv': 'Readwise Reader CSV',
  'raindrop-csv': 'Raindrop.io CSV',
  pinboard: 'Pinboard JSON',
  netscape: 'Netscape bookmarks (browsers, Pinboard, Shaarli, Delicious)',
  opml: 'OPML subscription list',
  'url-list': 'a list of web addresses',
  goodlinks: 'GoodLinks JSON',
  delicious: 'Delicious JSON',
  readability: 'Readability JSON',
  'browser-json': 'browser bookmarks JSON (Chrome, Firefox)',
  offprint: 'Offprint export',
};
