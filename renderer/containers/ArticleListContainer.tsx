import { memo, useCallback, useMemo } from 'react';
import type { ShortcutAction } from '../../shared/keyboard';
import { ArticleList } from '../components/ArticleList';
import { ArticleRow, type RowActions } from '../components/ArticleRow';
import { useArticleActions } from '../hooks/useArticleActions';
import { useList } from '../hooks/useList';
import { useShortcuts } from '../hooks/useShortcuts';
import type { Sort } from '../store/lists';
import { useDispatch, useSelector, useStore } from '../store/react';
import { type LibraryView, routeHref, VIEW_TITLES } from '../route';

const NO_IDS: readonly string[] = [];

/** One row, connected to its own article: a change to that article renders this row and nothing else. */
const ArticleRowContainer = memo(function ArticleRowContainer({ id, actions }: { id: string; actions: RowActions }) {
  const article = useSelector((state) => state.articles.byId[id]);
  return article ? <ArticleRow article={article} {...actions} /> : null;
});

/** A library view's list, loaded a page at a time, with j/k, Enter and b on its rows. */
export function ArticleListContainer({ view, sort }: { view: LibraryView; sort: Sort }) {
  const { list, loadMore } = useList(view, sort);
  const pendingId = useSelector((state) => state.ui.pendingDelete?.id ?? null);
  const deleting = useSelector((state) => state.ui.deleting);
  const selectedId = useSelector((state) => state.ui.selectedId);
  const dispatch = useDispatch();
  const store = useStore();
  const actions = useArticleActions();

  const rowIds = list?.ids ?? NO_IDS;
  // Rows being deleted are hidden at once (Undo brings them back).
  const ids = useMemo(() => (pendingId || deleting.length ? rowIds.filter((id) => id !== pendingId && !deleting.includes(id)) : rowIds), [rowIds, pendingId, deleting]);
  const rowActions = useMemo<RowActions>(
    () => ({ onToggleBookmark: actions.toggleBookmark, onToggleArchived: actions.toggleArchived, onToggleRead: actions.toggleRead, onDelete: actions.scheduleDelete }),
    [actions],
  );
  const renderRow = useCallback((id: string) => <ArticleRowContainer id={id} actions={rowActions} />, [rowActions]);

  useShortcuts((action: ShortcutAction) => {
    if (action === 'bookmark') {
      const target = selectedId && ids.includes(selectedId) ? store.getState().articles.byId[selectedId] : undefined;
      if (target) void actions.toggleBookmark(target);
      return;
    }
    if (ids.length === 0 || (action !== 'next' && action !== 'previous' && action !== 'open')) return false;
    const index = selectedId === null ? -1 : ids.indexOf(selectedId);
    if (action === 'next' || action === 'previous') {
      const next = ids[action === 'next' ? Math.min(ids.length - 1, index + 1) : Math.max(0, index - 1)]!;
      dispatch({ type: 'ui/selected', id: next });
      // The row may be outside the rendered window: it is scrolled in first, then focused.
      const focus = (tries: number) => {
        const link = document.querySelector<HTMLAnchorElement>(`[data-article-id="${next}"] .article-title`);
        if (link) link.focus({ preventScroll: false });
        else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
      };
      focus(10);
    } else if (index >= 0) {
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
          emptyText={view === 'all' ? 'Nothing saved yet. Paste an article address above to save it for offline reading.' : `No ${VIEW_TITLES[view].toLowerCase()} articles.`}
          selectedId={selectedId}
        />
      )}
    </>
  );
}
