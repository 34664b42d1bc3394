import type { HighlightColor } from './annotations';
import type {
  AnchoredHighlight,
  ApiResult,
  Article,
  ArticleNote,
  ArticleSummary,
  BookmarkEntry,
  Highlight,
  HighlightExport,
  HighlightPage,
  LibraryNotice,
  OffprintEvents,
  PlaceBookmark,
  ReadingPosition,
  SaveProgress,
  SaveResult,
  SaveSource,
  SearchPage,
  Settings,
  TagSummary,
} from './types';
import type { AddFeedResult, DiscoveredFeed, FeedList, FeedRefreshResult, FeedSettings, FeedSummary, OpmlImportReport } from './feeds';
import type { CaptureReport, RedecodeCharset } from './capture-report';
import type { ExtensionEndpointStatus, ExtensionPairing, ExtensionPairingRequest } from './extension-protocol';

/**
 * Which articles a list call returns: `all` (everything not archived), `unread` (not finished, not
 * archived), `bookmarked`, `archived`, or `continue` (started but unfinished, most recently read first).
 */
export type ArticleView = 'all' | 'unread' | 'bookmarked' | 'archived' | 'continue';

/** One page of the library list. */
export interface ArticlePage {
  items: ArticleSummary[];
  /** How many articles the view holds in all (for paging). */
  total: number;
}

/**
 * THE contract between the renderer and the library. Declared once; the preload object, the IPC
 * handlers, the HTTP server, the CLI and the argument schemas (`shared/schemas.ts`) are all derived
 * from it, so a method added here fails the build until every side has it.
 *
 * Every method takes exactly one plain-JSON argument object and resolves to plain JSON. Failures
 * reject with an `OffprintError` whose `code` and `message` are meant to be shown as they are.
 */
export interface OffprintApi {
  /**
   * A page of the library, newest (or oldest) saved first. `offset` defaults to 0 and `limit` to 50
   * (at most 500). With `tag`, only the view's articles that carry that tag (compared
   * case-insensitively): `{ tag }` alone is the tag's own view; a tag no article carries lists nothing.
   */
  listArticles(args: { view?: ArticleView; sort?: 'newest' | 'oldest'; offset?: number; limit?: number; tag?: string }): Promise<ArticlePage>;

  /**
   * Full-text search over titles, sites, bylines and article text, best match first, within one of
   * the list's views (default `all`; `continue` results are ranked by match, not by reading time).
   * Every word must match; the last word also matches as a prefix (results as you type), a word with
   * no match at all also matches words one edit away (two for long words), and Korean, Japanese and
   * Chinese are found inside longer runs (학교 finds 학교에). `offset` defaults to 0 and `limit` to
   * 20 (at most 100). An empty or whitespace-only query is refused with `invalid-argument`.
   * `tag:name` (or `tag:"two words"`) keeps only articles with that tag, alone or with words. Words
   * are also looked for in the reader's highlights and notes: those articles come first, and each
   * hit says where its words were found (`matchedIn`).
   */
  searchArticles(args: { query: string; view?: ArticleView; offset?: number; limit?: number }): Promise<SearchPage>;

  /** One article with its sanitised body. Rejects with `not-found` for an unknown id. */
  getArticle(args: { id: string }): Promise<Article>;

  /**
   * Saves an article from a web address (http/https only), from HTML (with an optional base URL
   * for its relative links) or from plain text. Saving an address that is already in the library
   * returns the existing article with `duplicate: true`, unless `refresh` is set. A failed save
   * leaves the library exactly as it was.
   */
  saveArticle(args: { source: SaveSource; refresh?: boolean; requestId?: string }): Promise<SaveResult>;

  /**
   * Progress of saves that are running or just ended, for saves that were given a `requestId`;
   * finished entries are kept for a short while. For a caller that joins late: the same progress is
   * told as it happens by the `saveProgress` event.
   */
  listSaves(args: Record<string, never>): Promise<SaveProgress[]>;

  /** Tries again to download the images of an article that could not be stored; returns its updated summary. */
  retryImages(args: { id: string }): Promise<ArticleSummary>;

  /** Removes an article, its body, raw page and images. Rejects with `not-found` for an unknown id. */
  deleteArticle(args: { id: string }): Promise<{ id: string }>;

  /** Bookmarks or un-bookmarks an article and returns its updated summary. */
  setBookmarked(args: { id: string; bookmarked: boolean }): Promise<ArticleSummary>;

  /** Bookmarked articles and bookmarked places inside articles, newest first. */
  listBookmarks(args: Record<string, never>): Promise<BookmarkEntry[]>;

  /** Bookmarks a place inside an article (anchored to a block and an offset in it), with an optional note. */
  addPlaceBookmark(args: { id: string; position: ReadingPosition; snippet: string; note?: string }): Promise<PlaceBookmark>;

  /** Removes a bookmarked place. */
  deletePlaceBookmark(args: { placeId: string }): Promise<{ placeId: string }>;

  /**
   * Remembers where the reader is in an article and how far through it they are (0–100). Reaching
   * 100 marks the article read.
   */
  saveProgress(args: { id: string; position: ReadingPosition; progress: number }): Promise<ArticleSummary>;

  /** Marks an article read or unread by hand. */
  setRead(args: { id: string; read: boolean }): Promise<ArticleSummary>;

  /** Archives an article (out of the main list, still kept) or brings it back. */
  setArchived(args: { id: string; archived: boolean }): Promise<ArticleSummary>;

  /** The reader's remembered settings. */
  getSettings(args: Record<string, never>): Promise<Settings>;

  /** Changes some settings and returns all of them. Text sizes snap to the nearest offered step. */
  updateSettings(args: { patch: Partial<Settings> }): Promise<Settings>;

  /** Repairs the library made when it opened (a damaged file restored from a backup) that the reader has not dismissed. */
  listNotices(args: Record<string, never>): Promise<LibraryNotice[]>;

  /** Dismisses a repair notice. */
  dismissNotice(args: { id: string }): Promise<{ id: string }>;

  // Tags, highlights and notes (issue 13).

  /**
   * Gives an article exactly these tags. A tag keeps its case, spaces and script ("Read later",
   * "日本"); names are compared case-insensitively after Unicode normalisation, so "read later" is
   * the existing "Read later". Returns the updated summary (its `tags`).
   */
  setTags(args: { id: string; tags: string[] }): Promise<ArticleSummary>;

  /** Adds tags to an article (those it has already are left as they are). */
  addTags(args: { id: string; tags: string[] }): Promise<ArticleSummary>;

  /** Removes tags from an article (a tag it does not have is ignored). */
  removeTags(args: { id: string; tags: string[] }): Promise<ArticleSummary>;

  /** Every tag an article carries, in name order, with how many articles carry it. */
  listTags(args: Record<string, never>): Promise<TagSummary[]>;

  /**
   * Renames a tag on every article at once (one atomic change). Changing only its case is a rename;
   * a name another tag has is refused with `invalid-argument` (merge them instead).
   */
  renameTag(args: { tag: string; name: string }): Promise<TagSummary>;

  /** Merges tags into one, an existing tag or a new name: every article that had any of them has it (one atomic change). */
  mergeTags(args: { tags: string[]; into: string }): Promise<TagSummary>;

  /** Takes a tag off every article (one atomic change); the articles stay. */
  deleteTag(args: { tag: string }): Promise<{ tag: string; articles: number }>;

  /**
   * Highlights [start, end) of the article's plain text (the `body.txt` offsets that
   * `getArticle(...).highlights[].anchor` uses; paragraphs are the reader's blocks, see
   * shared/anchoring.ts). With `exact`, the words expected there: refused if the text differs.
   * Colour defaults to yellow; an optional note is plain text.
   */
  addHighlight(args: { id: string; start: number; end: number; exact?: string; color?: HighlightColor; note?: string }): Promise<AnchoredHighlight>;

  /** Recolours a highlight or changes its note (`note: null` or only spaces removes it). */
  updateHighlight(args: { highlightId: string; color?: HighlightColor; note?: string | null }): Promise<Highlight>;

  deleteHighlight(args: { highlightId: string }): Promise<{ highlightId: string }>;

  /**
   * Highlights newest first, of one article (`id`) or the whole library, each with its article's
   * title and where it is in the current text. `offset` defaults to 0 and `limit` to 50 (at most 500).
   */
  listHighlights(args: { id?: string; offset?: number; limit?: number }): Promise<HighlightPage>;

  /** Writes (or, with null or only spaces, removes) the note on a whole article: plain text, any length. */
  setArticleNote(args: { id: string; note: string | null }): Promise<{ id: string; note: ArticleNote | null }>;

  /**
   * One article's highlights and notes (`id`), or the whole library's, as Markdown (quote, note,
   * links back) or as W3C Web Annotation JSON-LD (default markdown).
   */
  exportHighlights(args: { id?: string; format?: 'markdown' | 'json' }): Promise<HighlightExport>;
  // Feeds (issue 14). Feed ids look like article ids. Every new item of a feed is saved as an
  // article through the same capture pipeline; reading it is reading any article.

  /**
   * The feeds at an address without subscribing: the address itself when it is a feed, else the
   * page's `<link rel="alternate">` feeds (RSS, Atom, JSON Feed), else the common paths (`/feed`,
   * `/rss`, `/atom.xml`, `/feed.xml`, `/index.xml`, …), or a YouTube channel's feed. What was
   * fetched is kept for a few minutes, so adding one of them does not fetch it again.
   */
  discoverFeeds(args: { url: string }): Promise<{ feeds: DiscoveredFeed[] }>;

  /**
   * Subscribes to the feed at `url` (a feed's address, or a site's: its first discovered feed; pass
   * one of `discovered` to choose another). The feed is fetched once; its items are saved in the
   * background (`libraryChanged` and `feedsChanged` tell as they arrive). An address already
   * subscribed returns that feed with `alreadySubscribed`. Rejects with `not-feed` when no feed is found.
   */
  addFeed(args: { url: string; folder?: string | null; settings?: Partial<FeedSettings> }): Promise<AddFeedResult>;

  /** Every subscription with its health, counts and storage, the folders in use, and the defaults. */
  listFeeds(args: Record<string, never>): Promise<FeedList>;

  /** Renames, moves (folder null: top level) or changes a feed's settings; returns its summary. */
  updateFeed(args: { id: string; patch: { title?: string; folder?: string | null; settings?: Partial<FeedSettings> } }): Promise<FeedSummary>;

  /**
   * Unsubscribes. `keepArticles` false also deletes the articles it brought in, except those
   * bookmarked, with bookmarked places, or archived by hand, which are always kept.
   */
  removeFeed(args: { id: string; keepArticles: boolean }): Promise<{ id: string; removedArticles: number; keptArticles: number }>;

  /** "Refresh now": the given feeds (all when none), politely (Retry-After is still honoured); resolves when they are done. */
  refreshFeeds(args: { ids?: string[] }): Promise<{ results: FeedRefreshResult[] }>;

  /** The articles of one feed, or of every feed in a folder (and its subfolders), newest first by the feed's date. */
  listFeedArticles(args: { feedId?: string; folder?: string; view?: 'all' | 'unread'; offset?: number; limit?: number }): Promise<ArticlePage>;

  /** "Mark all read" for a feed or a folder. */
  markFeedRead(args: { feedId?: string; folder?: string }): Promise<{ marked: number }>;

  /** Imports an OPML subscription list (1.0/2.0): folders kept, nothing subscribed twice, only http(s) feeds; says what was added and skipped, and why. */
  importOpml(args: { opml: string }): Promise<OpmlImportReport>;

  /** Every subscription as OPML 2.0, folders as nested outlines. */
  exportOpml(args: Record<string, never>): Promise<{ opml: string }>;

  // Save from the browser, and a capture the reader can see into (issue 16).

  /**
   * "About this copy": what happened when the article was saved (shared/capture-report.ts): where
   * it came from, its redirects, bytes and charset and how that was decided, the page furniture
   * removed, its images found, saved and not saved (why), the extraction time, and warnings when it
   * looks like a block page or a login wall. An article saved before reports were kept gets what
   * its record says, with `recorded: false`.
   */
  getCaptureReport(args: { id: string }): Promise<CaptureReport>;

  /**
   * "Re-extract": makes the article again from its kept page (the page as fetched, or as the browser
   * extension handed it over) with the current code, offline. Its images come from the copies it has;
   * its bookmarks, progress, tags, notes and highlights stay (highlights are placed in the new text:
   * `getArticle(...).highlights[].anchor`). Rejects with `not-found` when it kept no page.
   */
  reextractArticle(args: { id: string }): Promise<ReextractResult>;

  /**
   * "Re-decode as…": reads the kept bytes again as `charset` (one of REDECODE_CHARSETS) and
   * re-extracts, offline, for a page whose declared charset lies. The choice is kept for later
   * re-extractions. Rejects with `invalid-argument` when there are no original bytes (plain text,
   * pasted HTML, a page the browser decoded).
   */
  redecodeArticle(args: { id: string; charset: RedecodeCharset }): Promise<ReextractResult>;

  /**
   * Browser extensions asking to be paired, waiting for the reader (each with the code it shows:
   * approve only when both show the same). Requests expire after a few minutes.
   */
  listExtensionPairingRequests(args: Record<string, never>): Promise<ExtensionPairingRequest[]>;

  /** Approves a pairing request: that extension (and only it) gets a token that saves into this library until revoked. */
  approveExtensionPairing(args: { requestId: string }): Promise<ExtensionPairing>;

  /** Refuses a pairing request. */
  denyExtensionPairing(args: { requestId: string }): Promise<{ requestId: string }>;

  /** The paired extensions, and where the app listens for them (or why it does not). */
  listExtensions(args: Record<string, never>): Promise<{ pairings: ExtensionPairing[]; endpoint: ExtensionEndpointStatus }>;

  /** Revokes a paired extension: its token opens nothing from now on. */
  revokeExtension(args: { id: string }): Promise<{ id: string }>;
}

/** What re-extraction and re-decoding answer: the article's new summary and its new capture report. */
export interface ReextractResult {
  article: ArticleSummary;
  report: CaptureReport;
}

export type ApiMethod = keyof OffprintApi;

/** Every method of the contract, for code that must enumerate them (preload, server, tests). */
export const API_METHODS = [
  'listArticles',
  'searchArticles',
  'getArticle',
  'saveArticle',
  'listSaves',
  'retryImages',
  'deleteArticle',
  'setBookmarked',
  'listBookmarks',
  'addPlaceBookmark',
  'deletePlaceBookmark',
  'saveProgress',
  'setRead',
  'setArchived',
  'getSettings',
  'updateSettings',
  'listNotices',
  'dismissNotice',
  'setTags',
  'addTags',
  'removeTags',
  'listTags',
  'renameTag',
  'mergeTags',
  'deleteTag',
  'addHighlight',
  'updateHighlight',
  'deleteHighlight',
  'listHighlights',
  'setArticleNote',
  'exportHighlights',
  // Feeds (issue 14)
  'discoverFeeds',
  'addFeed',
  'listFeeds',
  'updateFeed',
  'removeFeed',
  'refreshFeeds',
  'listFeedArticles',
  'markFeedRead',
  'importOpml',
  'exportOpml',
  // Save from the browser and the capture report (issue 16)
  'getCaptureReport',
  'reextractArticle',
  'redecodeArticle',
  'listExtensionPairingRequests',
  'approveExtensionPairing',
  'denyExtensionPairing',
  'listExtensions',
  'revokeExtension',
] as const satisfies readonly ApiMethod[];

// Fails to compile if a method is added to the contract but not to API_METHODS.
type MissingMethods = Exclude<ApiMethod, (typeof API_METHODS)[number]>;
export const API_METHODS_COMPLETE: MissingMethods extends never ? true : MissingMethods = true;

/** True when `name` is one of the contract's methods (for edges that receive a name as a string). */
export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name);
}
export type ApiArgs<M extends ApiMethod> = Parameters<OffprintApi[M]>[0];
export type ApiReturn<M extends ApiMethod> = Awaited<ReturnType<OffprintApi[M]>>;

/** The IPC channel for a method: namespaced so nothing else in the app can collide with it. */
export function ipcChannel(method: ApiMethod): string {
  return `offprint:${method}`;
}

/**
 * What the preload exposes as `window.offprint` (and what the HTTP client mirrors): every method of
 * the contract, answering with a result envelope rather than throwing, since thrown errors lose
 * their code when they cross IPC; and `on(event, listener)` for the contract's events (below).
 */
export type OffprintBridge = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResult<ApiReturn<M>>> } & { on: Subscribe };

// Events: what the main process tells the renderer as it happens, so nothing polls.

/**
 * Every event of the contract, for code that must enumerate them (the IPC channels, the preload,
 * the Server-Sent Events route, the renderer's client). The payloads are `OffprintEvents`
 * (shared/types.ts):
 * - `saveProgress`: where a save that was given a `requestId` is (the same entries as `listSaves`).
 * - `libraryChanged`: articles added (ids), changed (their new summaries, so a row updates without
 *   a round trip) or removed (ids), after the change is on disk.
 * - `settingsChanged`: all the settings, after any change.
 * - `noticesChanged`: every repair notice not yet dismissed, after a repair or a dismissal.
 * - `tagsChanged`, `feedsChanged`: see shared/types.ts.
 * - `extensionsChanged`: the browser extension's requests, pairings or listener changed (issue 16).
 */
export type ApiEvent = keyof OffprintEvents;
export const API_EVENTS = ['saveProgress', 'libraryChanged', 'settingsChanged', 'noticesChanged', 'tagsChanged', 'feedsChanged', 'extensionsChanged'] as const satisfies readonly ApiEvent[];

// Fails to compile if an event is added to OffprintEvents but not to API_EVENTS.
type MissingEvents = Exclude<ApiEvent, (typeof API_EVENTS)[number]>;
export const API_EVENTS_COMPLETE: MissingEvents extends never ? true : MissingEvents = true;

/** True when `name` is one of the contract's events. */
export function isApiEvent(name: unknown): name is ApiEvent {
  return typeof name === 'string' && (API_EVENTS as readonly string[]).includes(name);
}

export type ApiEventListener<E extends ApiEvent> = (payload: OffprintEvents[E]) => void;

/** Listening to one event: returns the function that stops listening. */
export type Subscribe = <E extends ApiEvent>(event: E, listener: ApiEventListener<E>) => () => void;

/** What the service offers beside the methods: `subscribe(event, listener)`, returning an unsubscribe. */
export interface OffprintEventSource {
  subscribe: Subscribe;
}

/** The IPC channel an event is sent on to the app's own frame, namespaced apart from the methods' channels. */
export function ipcEventChannel(event: ApiEvent): string {
  return `offprint:event:${event}`;
}

/** The path of `offprint serve`'s Server-Sent Events stream (a GET behind the token header, like every API call). */
export const EVENTS_PATH = '/api/events';

