import type { ArticleView } from '../../shared/api';
import type { Settings } from '../../shared/types';
import type { Action } from './actions';
import { type ArticlesState, articlesReducer, initialArticles } from './articles';
import { type BookmarksState, bookmarksReducer, initialBookmarks } from './bookmarks';
import { type CountsState, countsReducer, initialCounts } from './counts';
import { initialLists, listKey, type ListsState, listsReducer, type ListState, type Sort } from './lists';
import { initialNotices, type NoticesState, noticesReducer } from './notices';
import { initialReader, type ReaderState, readerReducer } from './reader';
import { initialSaves, type SavesState, savesReducer } from './saves';
import { FALLBACK_SETTINGS, initialSettings, type SettingsState, settingsReducer } from './settings';
import { createStore, type Store } from './store';
import { type ExtensionsState, extensionsReducer, initialExtensions } from './extensions';
import { initialToasts, type ToastsState, toastsReducer } from './toasts';
import { type FeedsState, feedsReducer, initialFeeds } from './feeds';
import { type ImportsState, importsReducer, initialImports } from './imports';
import { type HighlightsViewState, highlightsViewReducer, initialHighlightsView } from './highlights';
import { initialMarks, type MarksState, marksReducer } from './marks';
import { initialScoped, type ScopedState, scopedReducer } from './scoped';
import { initialTags, type TagsState, tagsReducer } from './tags';
import { initialUi, type UiState, uiReducer } from './ui';

/**
 * The renderer's whole state. Each part has its reducer in its own file; this one joins them. To
 * add a screen's state (a sidebar's feeds and tags): a file with its state, initial value and
 * reducer, one line in each of the three places below, and its actions in ./actions.ts.
 */
export interface AppState {
  articles: ArticlesState;
  lists: ListsState;
  reader: ReaderState;
  bookmarks: BookmarksState;
  settings: SettingsState;
  notices: NoticesState;
  saves: SavesState;
  tags: TagsState;
  feeds: FeedsState;
  extensions: ExtensionsState;
  imports: ImportsState;
  scoped: ScopedState;
  marks: MarksState;
  highlights: HighlightsViewState;
  ui: UiState;
  counts: CountsState;
  toasts: ToastsState;
}

export const initialState: AppState = {
  articles: initialArticles,
  lists: initialLists,
  reader: initialReader,
  bookmarks: initialBookmarks,
  settings: initialSettings,
  notices: initialNotices,
  saves: initialSaves,
  tags: initialTags,
  feeds: initialFeeds,
  extensions: initialExtensions,
  imports: initialImports,
  scoped: initialScoped,
  marks: initialMarks,
  highlights: initialHighlightsView,
  ui: initialUi,
  counts: initialCounts,
  toasts: initialToasts,
};

/** The root reducer: state in, action in, state out (the same object when nothing changed). */
export function appReducer(state: AppState, action: Action): AppState {
  const articles = articlesReducer(state.articles, action);
  const next: AppState = {
    articles,
    // The lists, the reader and the bookmarks read the summaries as they were and as they are now.
    lists: listsReducer(state.lists, action, state.articles, articles),
    reader: readerReducer(state.reader, action, state.articles),
    bookmarks: bookmarksReducer(state.bookmarks, action, articles),
    settings: settingsReducer(state.settings, action),
    notices: noticesReducer(state.notices, action),
    saves: savesReducer(state.saves, action),
    tags: tagsReducer(state.tags, action),
    feeds: feedsReducer(state.feeds, action, state.articles),
    extensions: extensionsReducer(state.extensions, action),
    imports: importsReducer(state.imports, action),
    scoped: scopedReducer(state.scoped, action),
    marks: marksReducer(state.marks, action),
    highlights: highlightsViewReducer(state.highlights, action),
    ui: uiReducer(state.ui, action),
    counts: countsReducer(state.counts, action),
    toasts: toastsReducer(state.toasts, action),
  };
  return (Object.keys(next) as (keyof AppState)[]).every((key) => next[key] === state[key]) ? state : next;
}

export type AppStore = Store<AppState, Action>;

export function createAppStore(initial: AppState = initialState): AppStore {
  return createStore(appReducer, initial);
}

// Selectors: what containers read. Each returns a value that stays the same object while what it
// shows has not changed, so a container renders again only for its own changes.

export const selectSettings = (state: AppState): Settings => state.settings.value ?? FALLBACK_SETTINGS;
export const selectList = (state: AppState, view: ArticleView, sort: Sort): ListState | undefined => state.lists[listKey(view, sort)];
export const selectArticle = (state: AppState, id: string | null) => (id ? state.articles.byId[id] : undefined);
