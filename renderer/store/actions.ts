import type { ArticlePage, ArticleView } from '../../shared/api';
import type { ExtensionEndpointStatus, ExtensionPairing, ExtensionPairingRequest } from '../../shared/extension-protocol';
import type { FeedList, FeedSummary } from '../../shared/feeds';
import type { ExportResult, ImportSummary } from '../../shared/transfer';
import type {
  AnchoredHighlight,
  Article,
  ArticleNote,
  ArticleSummary,
  BookmarkEntry,
  Highlight,
  HighlightPage,
  LibraryEvents,
  LibraryNotice,
  PlaceBookmark,
  SaveProgress,
  SaveResult,
  SaveSource,
  Settings,
  TagSummary,
  ViewCounts,
} from '../../shared/types';
import type { ToastContent, UndoEntry } from './toasts';
import type { ListOrigin, PasteDraft } from './ui';

/**
 * Everything that can happen to the renderer's state, in one vocabulary: the answers the
 * containers get, the library's events (./events.ts turns each into one of these), and what the
 * reader does. Each slice's reducer picks the actions it cares about.
 */
export type Action =
  // Articles: an answer carrying changed articles (a toggle, a retry), or the library's event.
  | { type: 'articles/received'; articles: ArticleSummary[] }
  | { type: 'library/changed'; change: LibraryEvents['libraryChanged'] }
  // Lists (the library's views and the Continue reading shelf), a page at a time.
  | { type: 'list/requested'; key: string; view: ArticleView; sort: 'newest' | 'oldest'; offset: number }
  | { type: 'list/loaded'; key: string; offset: number; page: ArticlePage; keepRest?: boolean }
  | { type: 'list/failed'; key: string; message: string }
  // The article being read.
  | { type: 'reader/requested'; id: string }
  | { type: 'reader/loaded'; article: Article }
  | { type: 'reader/failed'; id: string; message: string }
  // Bookmarks and places.
  | { type: 'bookmarks/requested' }
  | { type: 'bookmarks/loaded'; entries: BookmarkEntry[] }
  | { type: 'bookmarks/failed'; message: string }
  | { type: 'place/added'; place: PlaceBookmark }
  | { type: 'place/removed'; placeId: string }
  // Settings: applied at once, saved after; the library's event for changes made elsewhere.
  | { type: 'settings/loaded'; settings: Settings }
  | { type: 'settings/edited'; patch: Partial<Settings> }
  | { type: 'settings/saved'; settings: Settings }
  | { type: 'settings/failed'; message: string }
  | { type: 'settings/changed'; settings: Settings }
  // Tags with their counts (the answer to listTags, or the library's event).
  | { type: 'tags/loaded'; tags: TagSummary[] }
  // Feeds: the answer to listFeeds, and the library's word that some changed.
  | { type: 'feeds/requested' }
  | { type: 'feeds/loaded'; list: FeedList }
  | { type: 'feeds/failed'; message: string }
  | { type: 'feed/updated'; feed: FeedSummary }
  | { type: 'feeds/changed'; ids: string[] }
  // The browser extension (issue 16): the answers to listExtensions and listExtensionPairingRequests, and the event.
  | { type: 'extensions/loaded'; endpoint: ExtensionEndpointStatus; pairings: ExtensionPairing[]; requests: ExtensionPairingRequest[] }
  | { type: 'extensions/requested' }
  | { type: 'extensions/changed' }
  | { type: 'extensions/failed'; message: string }
  // Imports (issue 15)
  | { type: 'imports/loaded'; imports: ImportSummary[] }
  | { type: 'imports/progressed'; summary: ImportSummary }
  // The import screen: a file being sent, its answer or error; the failed downloads with their reasons; an export.
  | { type: 'imports/sending'; name: string }
  | { type: 'imports/accepted'; summary: ImportSummary }
  | { type: 'imports/failed'; message: string }
  | { type: 'imports/failedDownloads'; items: ArticleSummary[]; total: number }
  | { type: 'exports/requested' }
  | { type: 'exports/written'; result: ExportResult }
  | { type: 'exports/failed'; message: string }
  // Scoped lists: a tag's articles, a feed's or a feed folder's (see ./scoped.ts), a page at a time.
  | { type: 'scoped/requested'; key: string; offset: number }
  | { type: 'scoped/loaded'; key: string; offset: number; page: ArticlePage }
  | { type: 'scoped/failed'; key: string; message: string }
  // Highlights and the note of the article being read (the answers to addHighlight, updateHighlight, deleteHighlight, setArticleNote).
  | { type: 'highlight/added'; highlight: AnchoredHighlight }
  | { type: 'highlight/updated'; highlight: Highlight }
  | { type: 'highlight/deleted'; highlightId: string }
  | { type: 'note/saved'; id: string; note: ArticleNote | null }
  // The Highlights view across the library.
  | { type: 'highlights/requested'; offset: number }
  | { type: 'highlights/loaded'; offset: number; page: HighlightPage }
  | { type: 'highlights/failed'; message: string }
  // Repair notices.
  | { type: 'notices/loaded'; notices: LibraryNotice[] }
  | { type: 'notices/dismissed'; id: string }
  | { type: 'notices/failed'; message: string }
  // Saves this page started, and their progress.
  | { type: 'saves/queued'; requestId: string; label: string; source?: SaveSource; startedAt?: number }
  | { type: 'saves/progressed'; progress: SaveProgress }
  | { type: 'saves/finished'; requestId: string; result: SaveResult }
  | { type: 'saves/failed'; requestId: string; message: string }
  | { type: 'saves/dismissed'; requestId: string }
  /** Cancel pressed: shown at once; the save's own failure that follows changes nothing. */
  | { type: 'saves/cancelled'; requestId: string }
  /** "Clear finished": every save that ended leaves the tray. */
  | { type: 'saves/cleared' }
  // The sidebar's counts (countArticles, then every libraryChanged event).
  | { type: 'counts/loaded'; counts: ViewCounts }
  // Toasts ("Saved · Open", "Place saved") and the one Undo (archive, delete, a removed bookmark).
  | { type: 'toast/shown'; toast: ToastContent }
  | { type: 'toast/dismissed'; id: number }
  | { type: 'undo/offered'; entry: UndoEntry }
  /** The Undo was used, or its time is up. */
  | { type: 'undo/settled' }
  // The page itself: the selected row, the search words, the help, a delete that can be undone.
  | { type: 'ui/selected'; id: string | null }
  | { type: 'ui/query'; query: string }
  | { type: 'ui/help'; open: boolean }
  /** The "+ Add" popover, with what its address field holds ("Edit address" puts an address back). */
  | { type: 'ui/add'; open: boolean; draft?: string }
  | { type: 'ui/paste'; draft: PasteDraft | null }
  /** The sidebar as a menu, below 900 px. */
  | { type: 'ui/menu'; open: boolean }
  /** Where an article was opened from: going back puts the list's scroll, selection and focus back. */
  | { type: 'ui/origin'; origin: ListOrigin | null }
  /** The interface's zoom (Ctrl/⌘ =/- outside the reader). */
  | { type: 'ui/zoom'; zoom: number }
  /** The tag editor, for one article (t), or closed. */
  | { type: 'ui/tags'; id: string | null }
  /** The "Add feed" dialog, with an address to start from. */
  | { type: 'ui/add-feed'; open: boolean; draft?: string }
  | { type: 'delete/scheduled'; article: ArticleSummary }
  | { type: 'delete/undone' }
  /** The Undo time is up: the delete is asked for, the row stays hidden until the answer. */
  | { type: 'delete/committed'; id: string }
  | { type: 'delete/settled'; id: string };

export type ActionOf<T extends Action['type']> = Extract<Action, { type: T }>;
