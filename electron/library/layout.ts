import { join } from 'node:path';

/**
 * The one owner of the library's on-disk layout: every folder name, file name and name pattern in
 * a data directory comes from here, and every other module asks this one. (A second spelling of
 * `articles` or of the shard pattern elsewhere is a bug waiting to happen.)
 *
 * ```
 * <dataDir>/
 *   library.json               which layout this folder is in (LAYOUT_VERSION)
 *   settings.json              the reader's settings
 *   index/NNNNNN.articles.jsonl   the article index, in shards
 *   index/NNNNNN.state.json       the reading state of that shard's articles (tags as ids, highlights, notes)
 *   index/tags.json            the tag table: ids, names, merged and deleted ids
 *   articles/<id>/             record.json, body.html, body.txt, raw.html, images/<sha256>.<ext>
 *   search/                    the search index (derived; rebuilt when missing)
 *   backups/<time>-<reason>/   rolling backups
 *   recovered/<time>/          files a repair moved aside, with report.json
 *   .temp/                     temporary files of durable writes (emptied at open; made when first needed)
 *   lock                       the single-writer lock
 *   feeds/subscriptions.json   the feed subscriptions (issue 14)
 *   feeds/<feed id>.feed.json  one feed's fetch state, health, schedule and the items it has seen
 *   extensions.json            the browser extensions paired with the library (issue 16)
 * ```
 */

/** Layout 2: settings in `state.json`. Layout 3: `settings.json`, and `library.json` says the layout. */
export const LAYOUT_VERSION = 3;

export const LAYOUT_FILE = 'library.json';
export const SETTINGS_FILE = 'settings.json';
/** Layout 2's name for the settings file (renamed by the migration to layout 3). */
export const LAYOUT2_SETTINGS_FILE = 'state.json';
export const INDEX_DIR = 'index';
/** The tag table, inside index/ with the files that refer to it (backed up and repaired with them). */
export const TAGS_FILE = 'tags.json';
export const ARTICLES_DIR = 'articles';
export const SEARCH_DIR = 'search';
export const BACKUPS_DIR = 'backups';
export const RECOVERED_DIR = 'recovered';
/** Not `.tmp`: every name ending in `.tmp` is a temporary file. */
export const TEMP_DIR = '.temp';
export const LOCK_FILE = 'lock';
/** Created exclusively while a stale lock is being taken over. */
export const TAKEOVER_FILE = 'lock.takeover';

// Feeds (issue 14): the feed store room's files.
export const FEEDS_DIR = 'feeds';
export const FEED_LIST_FILE = 'subscriptions.json';
/** Feed ids: as article ids, safe in paths and URLs. */
const FEED_STATE_FILE = /^([A-Za-z0-9_-]{1,64})\.feed\.json$/;

export function feedStateFileName(feedId: string): string {
  return `${feedId}.feed.json`;
}

/** The feed id of a feed state file's name (in `feeds/`), or null for any other name. */
export function feedStateId(name: string): string | null {
  return FEED_STATE_FILE.exec(name)?.[1] ?? null;
}

// The browser extension (issue 16): its pairings.
export const EXTENSIONS_FILE = 'extensions.json';

/** The files of one article folder. */
export const ARTICLE_FILES = {
  record: 'record.json',
  bodyHtml: 'body.html',
  bodyText: 'body.txt',
  rawPage: 'raw.html',
  images: 'images',
} as const;
export type ArticleFile = keyof typeof ARTICLE_FILES;

/** Image files as the library names them (one rule, in shared/stored-images.ts). */
export { isStoredImageName as isImageFileName } from '../../shared/stored-images';

/** Article ids: time-ordered, unique, safe in paths and URLs. */
export const ARTICLE_ID = /^[A-Za-z0-9_-]{1,64}$/;

const SHARD_FILE = /^(\d{6})\.articles\.jsonl$/;
const STATE_FILE = /^(\d{6})\.state\.json$/;

export function shardFileName(ordinal: number): string {
  return `${String(ordinal).padStart(6, '0')}.articles.jsonl`;
}

export function stateFileName(ordinal: number): string {
  return `${String(ordinal).padStart(6, '0')}.state.json`;
}

/** The shard number of an index file name, or null for any other name. */
export function shardOrdinal(name: string): number | null {
  const match = SHARD_FILE.exec(name);
  return match ? Number(match[1]) : null;
}

export function stateOrdinal(name: string): number | null {
  const match = STATE_FILE.exec(name);
  return match ? Number(match[1]) : null;
}

/**
 * What a name inside `articles/` is. A delete first renames the article's folder to
 * `<id>.deleted-<random>` (undone at the next open if the index still lists the article), and on a
 * full disk to `<id>.purge-<random>`, which decides it (finished at the next open) so the folder's
 * space can be freed first; a replacement keeps the old copy as `<id>.old-<random>`; a save being
 * undone moves its folder to `<id>.discard-<random>`; a save writes into `.staging-<id>-<random>`.
 */
export type ArticleFolderName =
  | { kind: 'article'; id: string }
  | { kind: 'deleted' | 'purged' | 'replaced' | 'discarded'; id: string }
  | { kind: 'staging' }
  | { kind: 'other' };

const MARKS = { deleted: '.deleted-', purged: '.purge-', replaced: '.old-', discarded: '.discard-' } as const;
const STAGING_PREFIX = '.staging-';

export function parseArticleFolderName(name: string): ArticleFolderName {
  if (name.startsWith(STAGING_PREFIX)) return { kind: 'staging' };
  for (const [kind, mark] of Object.entries(MARKS) as [keyof typeof MARKS, string][]) {
    const at = name.indexOf(mark);
    if (at > 0 && ARTICLE_ID.test(name.slice(0, at))) return { kind, id: name.slice(0, at) };
  }
  return ARTICLE_ID.test(name) ? { kind: 'article', id: name } : { kind: 'other' };
}

/** Temporary files: `<base>.<pid>.<random>.tmp`, so one whose process is alive is never removed. */
export function tempFileName(base: string, random: string): string {
  return `${base}.${process.pid}.${random}.tmp`;
}

/** The pid in a temporary file's name, or null when the name is not one. */
export function tempFilePid(name: string): number | null {
  const match = /\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
  return match ? Number(match[1]) : null;
}

/** Files in a data directory that belong to a moment, not to the library (backups and restores leave them out). */
export function isTransientEntry(name: string): boolean {
  return name === LOCK_FILE || name === TAKEOVER_FILE || name === TEMP_DIR || name.endsWith('.tmp') || name.startsWith(STAGING_PREFIX);
}

/** Absolute paths inside one data directory. */
export class LibraryLayout {
  constructor(readonly dataDir: string) {}

  get indexDir(): string {
    return join(this.dataDir, INDEX_DIR);
  }

  get articlesDir(): string {
    return join(this.dataDir, ARTICLES_DIR);
  }

  get tempDir(): string {
    return join(this.dataDir, TEMP_DIR);
  }

  get settingsFile(): string {
    return join(this.dataDir, SETTINGS_FILE);
  }

  get layoutFile(): string {
    return join(this.dataDir, LAYOUT_FILE);
  }

  get searchDir(): string {
    return join(this.dataDir, SEARCH_DIR);
  }

  get backupsDir(): string {
    return join(this.dataDir, BACKUPS_DIR);
  }

  get recoveredDir(): string {
    return join(this.dataDir, RECOVERED_DIR);
  }

  get feedsDir(): string {
    return join(this.dataDir, FEEDS_DIR);
  }

  get feedListFile(): string {
    return join(this.dataDir, FEEDS_DIR, FEED_LIST_FILE);
  }

  get extensionsFile(): string {
    return join(this.dataDir, EXTENSIONS_FILE);
  }

  feedStateFile(feedId: string): string {
    return join(this.dataDir, FEEDS_DIR, feedStateFileName(feedId));
  }

  shardFile(ordinal: number): string {
    return join(this.indexDir, shardFileName(ordinal));
  }

  stateFile(ordinal: number): string {
    return join(this.indexDir, stateFileName(ordinal));
  }

  get tagsFile(): string {
    return join(this.indexDir, TAGS_FILE);
  }

  articleDir(id: string): string {
    return join(this.articlesDir, id);
  }

  articleFile(id: string, file: ArticleFile): string {
    return join(this.articlesDir, id, ARTICLE_FILES[file]);
  }

  imageFile(id: string, name: string): string {
    return join(this.articlesDir, id, ARTICLE_FILES.images, name);
  }

  stagingDir(id: string, random: string): string {
    return join(this.articlesDir, `${STAGING_PREFIX}${id}-${random}`);
  }

  markedDir(id: string, kind: keyof typeof MARKS, random: string): string {
    return join(this.articlesDir, `${id}${MARKS[kind]}${random}`);
  }

  /** A path relative to the data directory, '/'-separated (as backups and repair reports name files). */
  relative(path: string): string {
    const prefix = this.dataDir.endsWith('/') || this.dataDir.endsWith('\\') ? this.dataDir : `${this.dataDir}${path.includes('\\') ? '\\' : '/'}`;
    return (path.startsWith(prefix) ? path.slice(prefix.length) : path).split('\\').join('/');
  }
}
