import { memo, useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import type { ShortcutAction } from '../../shared/keyboard';
import type { ArticleSummary } from '../../shared/types';
import { ArticleList } from '../components/ArticleList';
import { ArticleRow, type RowActions } from '../components/ArticleRow';
import { focusWhenThere, rowTitle } from '../focus';
import { useArticleActions } from '../hooks/useArticleActions';
import { useList } from '../hooks/useList';
import { useShortcuts } from '../hooks/useShortcuts';
import { listKey, type Sort } from '../store/lists';
import { useDispatch, useSelector, useStore } from '../store/react';
import { type LibraryView, routeHref, VIEW_TITLES } from '../route';

const NO_IDS: readonly string[] = [];

/** One row, connected to its own article: a change to that article renders this row and nothing else. */
export const ArticleRowContainer = memo(function ArticleRowContainer({ id, actions }: { id: string; actions: RowActions }) {
  const article = useSelector((state) => state.articles.byId[id]);
  return article ? <ArticleRow article={article} {...actions} /> : null;
});

/**
 * A library view's list, loaded a page at a time, with j/k, Enter, b, e, # and m on its rows. An
 * archive or delete moves focus to the next row's title (never to one of its buttons); coming back
 * from an article puts the list's scroll, selection and focus back as they were.
 */
export function ArticleListContainer({ view, sort }: { view: LibraryView; sort: Sort }) {
  const { list, loadMore } = useList(view, sort);
  const pendingId = useSelector((state) => state.ui.pendingDelete?.id ?? null);
  const deleting = useSelector((state) => state.ui.deleting);
  const selectedId = useSelector((state) => state.ui.selectedId);
  const dispatch = useDispatch();
  const store = useStore();
  const actions = useArticleActions();
  const key = listKey(view, sort);

  const rowIds = list?.ids ?? NO_IDS;
  // Rows being deleted are hidden at once (Undo brings them back).
  const ids = useMemo(() => (pendingId || deleting.length ? rowIds.filter((id) => id !== pendingId && !deleting.includes(id)) : rowIds), [rowIds, pendingId, deleting]);
  const idsRef = useRef(ids);
  idsRef.current = ids;

  /** The row to go on to once `id` leaves the list: the next one, or the one before at the end. */
  const moveOnFrom = useCallback(
    (id: string) => {
      const at = idsRef.current.indexOf(id);
      const next = idsRef.current[at + 1] ?? idsRef.current[at - 1] ?? null;
      dispatch({ type: 'ui/selected', id: next });
      if (next) focusWhenThere(rowTitle(next));
    },
    [dispatch],
  );

  const rowActions = useMemo<RowActions>(
    () => ({
      onToggleBookmark: actions.toggleBookmark,
      onToggleRead: actions.toggleRead,
      onRetryDownload: actions.retryDownload,
      onToggleArchived: (article: ArticleSummary) => {
        moveOnFrom(article.id);
        void actions.toggleArchived(article);
      },
      onDelete: (article: ArticleSummary) => {
        moveOnFrom(article.id);
        actions.scheduleDelete(article);
      },
      onEditTags: (article: ArticleSummary) => dispatch({ type: 'ui/tags', id: article.id }),
      onOpen: (article: ArticleSummary) => dispatch({ type: 'ui/origin', origin: { hash: window.location.hash || '#/', listKey: key, scrollY: window.scrollY, id: article.id } }),
    }),
    [actions, moveOnFrom, dispatch, key],
  );
  const renderRow = useCallback((id: string) => <ArticleRowContainer id={id} actions={rowActions} />, [rowActions]);

  // Back from an article: the list as it was left, and focus on the row the article was opened from.
  const restored = useRef(false);
  const loaded = list?.loaded ?? false;
  useLayoutEffect(() => {
    const origin = store.getState().ui.origin;
    if (restored.current || !loaded || !origin || origin.listKey !== key) return;
    restored.current = true;
    window.scrollTo({ top: origin.scrollY, behavior: 'instant' as ScrollBehavior });
    const target = idsRef.current.includes(origin.id) ? origin.id : (idsRef.current[0] ?? null);
    if (!target) return;
    dispatch({ type: 'ui/selected', id: target });
    focusWhenThere(rowTitle(target));
  }, [loaded, key, store, dispatch]);

  useShortcuts((action: ShortcutAction) => {
    const selected = selectedId && ids.includes(selectedId) ? store.getState().articles.byId[selectedId] : undefined;
    if (action === 'bookmark' || action === 'archive' || action === 'delete' || action === 'mark-read' || action === 'tag') {
      if (!selected) return;
      if (action === 'tag') dispatch({ type: 'ui/tags', id: selected.id });
      else if (action === 'bookmark') void actions.toggleBookmark(selected);
      else if (action === 'mark-read') void actions.toggleRead(selected);
      else if (action === 'archive') rowActions.onToggleArchived(selected);
      else rowActions.onDelete(selected);
      return;
    }
    if (ids.length === 0 || (action !== 'next' && action !== 'previous' && action !== 'open')) return false;
    const index = selectedId === null ? -1 : ids.indexOf(selectedId);
    if (action === 'next' || action === 'previous') {
      const next = ids[action === 'next' ? Math.min(ids.length - 1, index + 1) : Math.max(0, index - 1)]!;
      dispatch({ type: 'ui/selected', id: next });
      // The row may be outside the rendered window: it is scrolled in first, then focused.
      focusWhenThere(rowTitle(next), { preventScroll: false }, 10);
    } else if (index >= 0) {
      rowActions.onOpen?.(store.getState().articles.byId[ids[index]!]!);
      window.location.hash = routeHref({ name: 'article', id: ids[index]! });
    }
  });

  return (
    <>
      {list?.error && (
        <p role="alert" className="load-error">
          {list.error}
        </p>
      )}
      {list?.loaded && (
        <ArticleList
          ids={ids}
          renderRow={renderRow}
          onNearEnd={loadMore}
          label={view === 'all' ? 'Saved articles' : `${VIEW_TITLES[view]} articles`}
          emptyText={view === 'all' ? '' : view === 'unread' ? 'Nothing unread: every article is read or archived.' : 'No archived articles. Archive one with e, or its Archive button.'}
          selectedId={selectedId}
          onSelect={(id) => dispatch({ type: 'ui/selected', id })}
        />
      )}
    </>
  );
}
