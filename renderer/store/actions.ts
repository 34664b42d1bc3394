import type { ArticlePage, ArticleView } from '../../shared/api';
import type { ExtensionEndpointStatus, ExtensionPairing, ExtensionPairingRequest } from '../../shared/extension-protocol';
import type { FeedList } from '../../shared/feeds';
import type { Article, ArticleSummary, BookmarkEntry, LibraryEvents, LibraryNotice, PlaceBookmark, SaveProgress, SaveResult, Settings, TagSummary } from '../../shared/types';

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
  | { type: 'feeds/loaded'; list: FeedList }
  | { type: 'feeds/changed'; ids: string[] }
  // The browser extension (issue 16): the answers to listExtensions and listExtensionPairingRequests, and the event.
  | { type: 'extensions/loaded'; endpoint: ExtensionEndpointStatus; pairings: ExtensionPairing[]; requests: ExtensionPairingRequest[] }
  | { type: 'extensions/requested' }
  | { type: 'extensions/changed' }
  | { type: 'extensions/failed'; message: string }
  // Repair notices.
  | { type: 'notices/loaded'; notices: LibraryNotice[] }
  | { type: 'notices/dismissed'; id: string }
  | { type: 'notices/failed'; message: string }
  // Saves this page started, and their progress.
  | { type: 'saves/queued'; requestId: string; label: string }
  | { type: 'saves/progressed'; progress: SaveProgress }
  | { type: 'saves/finished'; requestId: string; result: SaveResult }
  | { type: 'saves/failed'; requestId: string; message: string }
  | { type: 'saves/dismissed'; requestId: string }
  // The page itself: the selected row, the search words, the help, a delete that can be undone.
  | { type: 'ui/selected'; id: string | null }
  | { type: 'ui/query'; query: string }
  | { type: 'ui/help'; open: boolean }
  | { type: 'delete/scheduled'; article: ArticleSummary }
  | { type: 'delete/undone' }
  /** The Undo time is up: the delete is asked for, the row stays hidden until the answer. */
  | { type: 'delete/committed'; id: string }
  | { type: 'delete/settled'; id: string };

export type ActionOf<T extends Action['type']> = Extract<Action, { type: T }>;
