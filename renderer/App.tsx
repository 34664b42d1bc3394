import { type MouseEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { OffprintApi } from '../shared/api';
import type { ShortcutAction } from '../shared/keyboard';
import { DEFAULT_TEXT_SIZE, decreaseTextSize, increaseTextSize } from '../shared/text-size';
import type { ArticleSummary, BookmarkEntry, Settings } from '../shared/types';
import { ArticleList } from './components/ArticleList';
import { BookmarksView } from './components/BookmarksView';
import { ContinueShelf } from './components/ContinueShelf';
import { ReaderView } from './components/ReaderView';
import { RepairNotices } from './components/RepairNotices';
import { SaveForm } from './components/SaveForm';
import { SaveQueue } from './components/SaveQueue';
import { SearchBox } from './components/SearchBox';
import { SearchResults } from './components/SearchResults';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { UndoToast } from './components/UndoToast';
import { useAsync } from './hooks/useAsync';
import { usePagedArticles } from './hooks/usePagedArticles';
import { useDelayedDelete } from './hooks/useDelayedDelete';
import { useDropToSave } from './hooks/useDropToSave';
import { useNotices } from './hooks/useNotices';
import { useRoute } from './hooks/useRoute';
import { useSaves } from './hooks/useSaves';
import { useSearch } from './hooks/useSearch';
import { useSettings } from './hooks/useSettings';
import { useShortcuts } from './hooks/useShortcuts';
import { sourceFromFile } from './read-file';
import { type LibraryView, routeHref } from './route';

interface Props {
  api: OffprintApi;
}

const FALLBACK_SETTINGS: Settings = { textSize: DEFAULT_TEXT_SIZE, lineHeight: 1.6, contentWidth: 65, font: 'serif', theme: 'system', sort: 'newest' };
const VIEW_TITLES: Record<LibraryView, string> = { all: 'Library', unread: 'Unread', archived: 'Archived' };

/** Whether an article still belongs in a library view after a change. */
function inView(view: LibraryView, a: ArticleSummary): boolean {
  if (view === 'archived') return Boolean(a.archivedAt);
  if (view === 'unread') return !a.archivedAt && !a.readAt;
  return !a.archivedAt;
}

/** Connects the views to the library: the only component that talks to the API. */
export function App({ api }: Props) {
  const route = useRoute();
  const { settings: loaded, update: updateSettings } = useSettings(api);
  const settings = loaded ?? FALLBACK_SETTINGS;
  const [selected, setSelected] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [query, setQuery] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const repairs = useNotices(api);

  const view: LibraryView = route.name === 'library' ? route.view : 'all';
  const list = usePagedArticles((offset, limit) => api.listArticles({ view, sort: settings.sort, offset, limit }), `${view}/${settings.sort}`);
  const search = useSearch(api, query, view);
  const shelf = useAsync(() => (view === 'all' ? api.listArticles({ view: 'continue', limit: 6 }).then((p) => p.items) : Promise.resolve([])), [api, view]);
  const bookmarks = useAsync(() => (route.name === 'bookmarks' ? api.listBookmarks({}) : Promise.resolve([] as BookmarkEntry[])), [api, route.name]);
  const articleId = route.name === 'article' ? route.id : null;
  const article = useAsync(() => (articleId ? api.getArticle({ id: articleId }) : Promise.resolve(null)), [api, articleId]);

  const reloadAll = useCallback(() => {
    list.reload();
    shelf.reload();
    bookmarks.reload();
  }, [list, shelf, bookmarks]);

  // The reader's toolbar sticks just below the top bar, whatever height the top bar wraps to.
  useEffect(() => {
    const bar = document.querySelector('.topbar');
    if (!bar || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => document.documentElement.style.setProperty('--topbar-height', `${bar.getBoundingClientRect().height}px`));
    observer.observe(bar);
    return () => observer.disconnect();
  }, []);

  // Theme on the whole document, so the app's chrome follows it too.
  useEffect(() => {
    document.documentElement.dataset.theme = settings.theme;
  }, [settings.theme]);

  const saves = useSaves(api, reloadAll);
  const saveUrl = useCallback((url: string) => void saves.save({ kind: 'url', url }, url), [saves]);
  useDropToSave(saveUrl);

  const deletion = useDelayedDelete(async (id) => {
    await api.deleteArticle({ id });
    reloadAll();
  });

  /** Applies a change; a changed article is updated in place in the long list rather than reloading it. */
  const act = useCallback(
    async (change: Promise<unknown>) => {
      const result = await change;
      if (result && typeof result === 'object' && 'id' in result && 'savedAt' in result) {
        list.replace(result as ArticleSummary, inView(view, result as ArticleSummary));
      }
      shelf.reload();
      bookmarks.reload();
      if (article.value) article.reload();
    },
    [list, shelf, bookmarks, article, view],
  );
  const rowActions = {
    onToggleBookmark: (a: ArticleSummary) => void act(api.setBookmarked({ id: a.id, bookmarked: !a.bookmarked })),
    onToggleArchived: (a: ArticleSummary) => void act(api.setArchived({ id: a.id, archived: !a.archivedAt })),
    onToggleRead: (a: ArticleSummary) => void act(api.setRead({ id: a.id, read: !a.readAt })),
    onDelete: (a: ArticleSummary) => deletion.schedule(a),
  };

  const visible = list.items.filter((a) => a.id !== deletion.pending?.id);
  const mainRef = useRef<HTMLElement>(null);

  useShortcuts((action: ShortcutAction) => {
    if (action === 'help') return setHelp(true);
    if (action === 'text-larger') return void updateSettings((s) => ({ textSize: increaseTextSize(s.textSize) }));
    if (action === 'text-smaller') return void updateSettings((s) => ({ textSize: decreaseTextSize(s.textSize) }));
    if (action === 'text-reset') return void updateSettings({ textSize: DEFAULT_TEXT_SIZE });
    if (action === 'back') {
      if (help) return setHelp(false);
      if (route.name === 'article') window.location.hash = '#/';
      return;
    }
    if (action === 'search') {
      if (route.name !== 'library') window.location.hash = '#/';
      requestAnimationFrame(() => searchRef.current?.focus());
      return;
    }
    if (action === 'bookmark') {
      const target = route.name === 'article' ? article.value : visible.find((a) => a.id === selected);
      if (target) rowActions.onToggleBookmark(target);
      return;
    }
    if (route.name !== 'library' || visible.length === 0) return false;
    const index = visible.findIndex((a) => a.id === selected);
    if (action === 'next' || action === 'previous') {
      const next = visible[action === 'next' ? Math.min(visible.length - 1, index + 1) : Math.max(0, index - 1)]!;
      setSelected(next.id);
      // The row may be outside the rendered window: it is scrolled in first, then focused.
      const focus = (tries: number) => {
        const link = document.querySelector<HTMLAnchorElement>(`[data-article-id="${next.id}"] .article-title`);
        if (link) link.focus({ preventScroll: false });
        else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
      };
      focus(10);
    } else if (action === 'open' && index >= 0) {
      window.location.hash = routeHref({ name: 'article', id: visible[index]!.id });
    }
  });

  function skipToContent(event: MouseEvent) {
    event.preventDefault();
    const target = document.getElementById('article-body') ?? mainRef.current;
    target?.focus();
    target?.scrollIntoView();
  }

  return (
    <div className="app">
      <a href="#main" className="skip-link" onClick={skipToContent}>
        {route.name === 'article' ? 'Skip to article' : 'Skip to content'}
      </a>
      <header className="topbar">
        <a className="brand" href="#/">
          Offprint
        </a>
        <nav aria-label="Views" className="views">
          {(['all', 'unread', 'archived'] as const).map((v) => (
            <a key={v} href={routeHref({ name: 'library', view: v })} aria-current={route.name === 'library' && route.view === v ? 'page' : undefined}>
              {VIEW_TITLES[v]}
            </a>
          ))}
          <a href="#/bookmarks" aria-current={route.name === 'bookmarks' ? 'page' : undefined}>
            Bookmarks
          </a>
        </nav>
        <SaveForm
          onSaveUrl={saveUrl}
          onSaveText={(text, title) => void saves.save({ kind: 'text', text, title }, title ?? 'Pasted text')}
          onSaveFile={(file) => void sourceFromFile(file).then((source) => saves.save(source, file.name))}
        />
        <button type="button" className="help-button" aria-label="Keyboard shortcuts" onClick={() => setHelp(true)}>
          ?
        </button>
      </header>
      <RepairNotices notices={repairs.notices} error={repairs.error} onDismiss={(id) => void repairs.dismiss(id)} />
      <SaveQueue jobs={saves.jobs} onDismiss={saves.dismiss} />
      <main id="main" className="content" ref={mainRef} tabIndex={-1}>
        {route.name === 'article' ? (
          article.error ? (
            <p role="alert" className="load-error">
              {article.error}
            </p>
          ) : article.value && article.value.id === route.id ? (
            <ReaderView
              article={article.value}
              settings={settings}
              initialPosition={route.at ?? article.value.position}
              onSettings={(patch) => void updateSettings(patch)}
              onToggleBookmark={() => rowActions.onToggleBookmark(article.value!)}
              onRetryImages={async () => {
                await api.retryImages({ id: article.value!.id });
                article.reload();
              }}
              onSaveProgress={(position, progress) => void api.saveProgress({ id: article.value!.id, position, progress }).then(() => undefined, () => undefined)}
              onAddPlace={(position, snippet, note) => void act(api.addPlaceBookmark({ id: article.value!.id, position, snippet, note: note || undefined }))}
              onSetRead={(read) => void act(api.setRead({ id: article.value!.id, read }))}
            />
          ) : (
            <p className="loading">Opening…</p>
          )
        ) : route.name === 'bookmarks' ? (
          <section aria-labelledby="view-title">
            <h1 id="view-title" className="view-title">
              Bookmarks
            </h1>
            {bookmarks.value && (
              <BookmarksView
                entries={bookmarks.value}
                onRemove={(entry) =>
                  void act(entry.kind === 'place' ? api.deletePlaceBookmark({ placeId: entry.place.placeId }) : api.setBookmarked({ id: entry.article.id, bookmarked: false }))
                }
              />
            )}
          </section>
        ) : (
          <section aria-labelledby="view-title">
            <div className="view-head">
              <h1 id="view-title" className="view-title">
                {VIEW_TITLES[view]}
              </h1>
              <div className="view-tools">
                <SearchBox ref={searchRef} value={query} onChange={setQuery} />
                <label className="sort">
                  Sort
                  <select value={settings.sort} onChange={(e) => void updateSettings({ sort: e.target.value as Settings['sort'] })}>
                    <option value="newest">Newest first</option>
                    <option value="oldest">Oldest first</option>
                  </select>
                </label>
              </div>
            </div>
            {search.active ? (
              search.error ? (
                <p role="alert" className="load-error">
                  {search.error}
                </p>
              ) : (
                search.done && <SearchResults query={query.trim()} hits={search.hits} total={search.total} onNearEnd={search.loadMore} />
              )
            ) : (
              <>
                {view === 'all' && shelf.value && <ContinueShelf articles={shelf.value} />}
                {list.error && (
                  <p role="alert" className="load-error">
                    {list.error}
                  </p>
                )}
                {list.ready && (
                  <ArticleList
                    articles={visible}
                    onNearEnd={list.loadMore}
                    label={view === 'all' ? 'Saved articles' : `${VIEW_TITLES[view]} articles`}
                    emptyText={view === 'all' ? 'Nothing saved yet. Paste an article address above to save it for offline reading.' : `No ${VIEW_TITLES[view].toLowerCase()} articles.`}
                    selectedId={selected}
                    {...rowActions}
                  />
                )}
              </>
            )}
          </section>
        )}
      </main>
      {deletion.pending && <UndoToast message={`Deleted “${deletion.pending.title}”`} onUndo={deletion.undo} />}
      {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
    </div>
  );
}
