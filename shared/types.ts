/** Plain-JSON shapes that cross every boundary (IPC, HTTP, CLI). No Node, DOM or React here. */
import type { HighlightColor } from './annotations';
import type { Anchoring, TextPositionSelector, TextQuoteSelector } from './anchoring';
import type { CaptureWarning } from './capture-report';

/** Text direction of an article, as declared by the page (or guessed from its script). */
export type TextDirection = 'ltr' | 'rtl';

/** Everything the library list needs to show one article, without its body. */
export interface ArticleSummary {
  /** Stable id: never changes for the life of the article. */
  id: string;
  title: string;
  byline: string | null;
  siteName: string | null;
  excerpt: string | null;
  /** BCP 47 language tag from the page, if it declared one. */
  lang: string | null;
  dir: TextDirection | null;
  /** ISO 8601, as published by the site (if it said). */
  publishedTime: string | null;
  /** ISO 8601, when the article was saved into Offprint. */
  savedAt: string;
  /** The address the user gave, or null for pasted text and local files. */
  url: string | null;
  /** Where the fetch ended after redirects. */
  finalUrl: string | null;
  /** What the page claims is its canonical address: evidence, not truth. */
  canonicalUrl: string | null;
  wordCount: number;
  /** Minutes at a typical reading speed, at least 1. */
  readingMinutes: number;
  /** How the article came in. */
  source: 'url' | 'html' | 'text';
  bookmarked: boolean;
  /** ISO 8601 time it was bookmarked, if it is. */
  bookmarkedAt: string | null;
  /** How many of the article's images are stored on this machine, and which could not be. */
  images: ImageReport;
  /** Same-origin path of a stored image to show as the article's thumbnail, if any. */
  leadImage: string | null;
  /** How far the reader got, 0 to 100. */
  progress: number;
  /** Where the reader stopped, to reopen the article there. */
  position: ReadingPosition | null;
  /** ISO 8601 time it was last opened or scrolled, if ever. */
  lastReadAt: string | null;
  /** ISO 8601 time it was finished or marked read; null while unread. */
  readAt: string | null;
  /** ISO 8601 time it was archived; null while in the library. */
  archivedAt: string | null;
  /** The article's tags, as the reader wrote them, in name order (case-insensitive). */
  tags: string[];
  /** The feed item it came from; only on articles a feed brought in (issue 14). */
  feed?: ArticleFeedOrigin;
}

/** Which feed item an article came from. */
export interface ArticleFeedOrigin {
  feedId: string;
  /** The item's guid, Atom id or JSON Feed id (or its link, when it has none). */
  itemId: string;
  feedTitle: string | null;
  /** As the feed gave them. */
  author: string | null;
  published: string | null;
}

/**
 * A place in an article that survives text-size and window changes: the index of a block (paragraph,
 * heading, list item, caption …) among the article's blocks, and a character offset within its text.
 */
export interface ReadingPosition {
  block: number;
  offset: number;
}

/** A bookmark of a place inside an article, with an optional note. */
export interface PlaceBookmark {
  placeId: string;
  articleId: string;
  position: ReadingPosition;
  /** The text at that place, for the Bookmarks list. */
  snippet: string;
  note: string | null;
  createdAt: string;
}

/** One line of the Bookmarks view: a bookmarked article, or a bookmarked place inside one. */
export type BookmarkEntry =
  | { kind: 'article'; createdAt: string; article: ArticleSummary }
  | { kind: 'place'; createdAt: string; article: ArticleSummary; place: PlaceBookmark };

/** The images of an article: how many it has, how many are stored offline, and why the others are not. */
export interface ImageReport {
  total: number;
  saved: number;
  failed: { url: string; reason: string }[];
}

/** One search result: the article, and the part of its text that matched. */
export interface SearchHit {
  article: ArticleSummary;
  /** Plain text around the best match in the article's text (at most about 240 characters, "…" where cut). */
  snippet: string;
  /** [start, end) character ranges of `snippet` to mark as matches, in order, not overlapping. */
  highlights: [number, number][];
  /**
   * Where the words were found, which is what `snippet` shows: the article's text (title, site,
   * byline or body), one of the reader's highlights (the snippet is its text), or a note (the
   * highlight's note or the article's). Absent for a search of `tag:` filters alone.
   */
  matchedIn?: 'text' | 'highlight' | 'note';
  /** The highlight whose text or note matched, when `matchedIn` is `highlight` or `note` on a highlight. */
  highlightId?: string;
}

/** One page of search results. */
export interface SearchPage {
  items: SearchHit[];
  /** How many articles of the view match in all (for paging). */
  total: number;
}

/** A whole article: its summary plus the sanitised body HTML. */
export interface Article extends ArticleSummary {
  /** Sanitised article HTML. Safe to render; contains no script and no remote resources. */
  html: string;
  /** Places bookmarked inside it, in reading order. */
  places: PlaceBookmark[];
  /** Its highlights, each placed in the current text: in reading order, those not found last. */
  highlights: AnchoredHighlight[];
  /** The reader's note on the whole article, if any. */
  note: ArticleNote | null;
}

/** A tag of the library and how many articles carry it (archived ones included). */
export interface TagSummary {
  name: string;
  count: number;
  /** ISO 8601, when the tag was first used. */
  createdAt: string;
}

/**
 * A highlight in an article, stored as W3C Web Annotation selectors over the article's plain text
 * (`body.txt`, whose paragraphs are the reader's blocks): a TextQuoteSelector (`quote`) and a
 * TextPositionSelector (`position`, UTF-16 offsets).
 */
export interface Highlight {
  highlightId: string;
  articleId: string;
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  color: HighlightColor;
  /** Plain text (show it as text, never as HTML); null without one. */
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * A highlight with where it is in the article's current text: `exact` (where it was made), `moved`
 * or `fuzzy` (found again after the text changed; start/end are where it is now), or `not-found`
 * ("not found in the current text": kept, listed, never dropped).
 */
export interface AnchoredHighlight extends Highlight {
  anchor: Anchoring;
}

/** The note on a whole article: plain text. */
export interface ArticleNote {
  text: string;
  createdAt: string;
  updatedAt: string;
}

/** One line of the Highlights view: a highlight and the article it is in. */
export interface HighlightEntry {
  highlight: AnchoredHighlight;
  article: { id: string; title: string; siteName: string | null; url: string | null };
}

/** A page of highlights, newest first. */
export interface HighlightPage {
  items: HighlightEntry[];
  total: number;
}

/** Highlights and notes written out for another program: Markdown, or W3C Web Annotation JSON-LD. */
export interface HighlightExport {
  format: 'markdown' | 'json';
  /** A file name to offer when saving it (`offprint-highlights.md`, …). */
  filename: string;
  content: string;
  /** How many highlights it holds. */
  highlights: number;
}

/** The reader's remembered choices. */
export interface Settings {
  /** Article text size in CSS pixels; one of TEXT_SIZES. */
  textSize: number;
  /** Line height of the article text, as a multiple of the text size. */
  lineHeight: number;
  /** Widest line of the article, in characters. */
  contentWidth: number;
  font: 'serif' | 'sans' | 'legible';
  theme: 'system' | 'light' | 'dark' | 'sepia';
  /** Library sort order. */
  sort: 'newest' | 'oldest';
}

/**
 * Something the library had to repair when it opened (a damaged file restored from a backup,
 * articles put back from their folders), shown to the reader until dismissed.
 */
export interface LibraryNotice {
  id: string;
  /** When the repair happened (ISO 8601). */
  createdAt: string;
  /** What happened and what, if anything, was lost: one sentence per line. */
  lines: string[];
  /** The folder where the damaged files were kept, untouched. */
  keptIn: string;
}

/** The three ways an article comes in. */
export type SaveSource =
  | { kind: 'url'; url: string }
  | { kind: 'html'; html: string; baseUrl?: string; title?: string }
  | { kind: 'text'; text: string; title?: string };

/** Where a save is: shown to the reader while it runs ("Fetching…", "Images 7/12"). */
export interface SaveProgress {
  /** The id the caller gave the save. */
  requestId: string;
  stage: 'fetching' | 'extracting' | 'images' | 'storing' | 'done' | 'failed';
  /** For the images stage: how many are done out of how many. */
  done?: number;
  total?: number;
  /** What is being saved, as given. */
  label: string;
}

/** What a save returns. */
export interface SaveResult {
  article: ArticleSummary;
  /** True when the article was already in the library and the existing copy was returned. */
  duplicate: boolean;
  /**
   * Why this save may not be the article (a block page, a login or consent wall, very short text:
   * issue 16), from its capture report; absent or empty when nothing looks wrong.
   */
  warnings?: CaptureWarning[];
}

/** Machine-readable error codes; every one comes with a readable message. */
export type ErrorCode =
  | 'invalid-argument'
  | 'invalid-url'
  | 'unsupported-scheme'
  | 'not-found'
  | 'network'
  | 'timeout'
  | 'http-status'
  | 'too-many-redirects'
  | 'refused'
  | 'too-large'
  | 'not-html'
  | 'extraction-failed'
  // Feeds (issue 14): an address that is not a feed, and a feed that cannot be read.
  | 'not-feed'
  | 'malformed-feed'
  | 'storage'
  | 'internal';

/** An error as a value: what went wrong in words a reader understands, plus a code for programs. */
export interface OffprintErrorValue {
  code: ErrorCode;
  message: string;
}

/** Every call across a boundary answers with one of these. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: OffprintErrorValue };

/**
 * What the main process tells the renderer as it happens (over IPC to the app's own frame, over
 * `serve` as Server-Sent Events), so nothing polls: a save's progress, articles added, changed or
 * removed (with the changed articles' new summaries, so a row updates without a round trip), the
 * settings, and the repair notices.
 */
export interface LibraryEvents {
  libraryChanged: { added: string[]; updated: ArticleSummary[]; removed: string[] };
  settingsChanged: Settings;
  noticesChanged: { notices: LibraryNotice[] };
  /** The library's tags changed (one added, renamed, merged, deleted, or a count changed): all of them. */
  tagsChanged: { tags: TagSummary[] };
  /** Feeds subscribed, changed, refreshed or removed (issue 14): their ids; listFeeds has the rest. */
  feedsChanged: { ids: string[] };
}

export interface OffprintEvents extends LibraryEvents {
  saveProgress: SaveProgress;
  /**
   * The browser extension's side changed (issue 16): an extension asked to pair, a request was
   * answered or expired, a pairing was made, used or revoked, or the listener started or stopped.
   * listExtensions and listExtensionPairingRequests have the rest.
   */
  extensionsChanged: Record<string, never>;
}
