import { useCallback, useMemo } from 'react';
import type { ShortcutAction } from '../../shared/keyboard';
import type { ArticleSummary } from '../../shared/types';
import { ArticleList } from '../components/ArticleList';
import type { RowActions } from '../components/ArticleRow';
import { focusWhenThere, rowTitle } from '../focus';
import { useArticleActions } from '../hooks/useArticleActions';
import { useScopedList } from '../hooks/useScopedList';
import { useShortcuts } from '../hooks/useShortcuts';
import { routeHref } from '../route';
import { useDispatch, useSelector, useStore } from '../store/react';
import type { Scope } from '../store/scoped';
import { ArticleRowContainer } from './ArticleListContainer';

const NO_IDS: readonly string[] = [];

/**
 * The articles of a tag, a feed or a feed folder: the same rows, keys (j/k, Enter, b, e, #, m, t)
 * and paging as a library view, over a scoped list (store/scoped.ts).
 */
export function ScopedListContainer({ scope, label, emptyText }: { scope: Scope; label: string; emptyText: string }) {
  const { list, loadMore } = useScopedList(scope);
  const pendingId = useSelector((state) => state.ui.pendingDelete?.id ?? null);
  const deleting = useSelector((state) => state.ui.deleting);
  const selectedId = useSelector((state) => state.ui.selectedId);
  const dispatch = useDispatch();
  const store = useStore();
  const actions = useArticleActions();
  const rowIds = list?.ids ?? NO_IDS;
  const ids = useMemo(() => (pendingId || deleting.length ? rowIds.filter((id) => id !== pendingId && !deleting.includes(id)) : rowIds), [rowIds, pendingId, deleting]);

  const rowActions = useMemo<RowActions>(
    () => ({
      onToggleBookmark: actions.toggleBookmark,
      onToggleRead: actions.toggleRead,
      onToggleArchived: (article: ArticleSummary) => void actions.toggleArchived(article),
      onDelete: actions.scheduleDelete,
      onEditTags: (article: ArticleSummary) => dispatch({ type: 'ui/tags', id: article.id }),
      onOpen: (article: ArticleSummary) => dispatch({ type: 'ui/origin', origin: { hash: window.location.hash || '#/', listKey: null, scrollY: window.scrollY, id: article.id } }),
    }),
    [actions, dispatch],
  );
  const renderRow = useCallback((id: string) => <ArticleRowContainer id={id} actions={rowActions} />, [rowActions]);

  useShortcuts((action: ShortcutAction) => {
    const selected = selectedId && ids.includes(selectedId) ? store.getState().articles.byId[selectedId] : undefined;
    if (action === 'bookmark' || action === 'archive' || action === 'delete' || action === 'mark-read' || action === 'tag') {
      if (!selected) return;
      if (action === 'bookmark') void actions.toggleBookmark(selected);
      else if (action === 'mark-read') void actions.toggleRead(selected);
      else if (action === 'archive') rowActions.onToggleArchived(selected);
      else if (action === 'tag') dispatch({ type: 'ui/tags', id: selected.id });
      else rowActions.onDelete(selected);
      return;
    }
    if (ids.length === 0 || (action !== 'next' && action !== 'previous' && action !== 'open')) return false;
    const index = selectedId === null ? -1 : ids.indexOf(selectedId);
    if (action === 'open') {
      if (index < 0) return false;
      rowActions.onOpen?.(store.getState().articles.byId[ids[index]!]!);
      window.location.hash = routeHref({ name: 'article', id: ids[index]! });
      return;
    }
    const next = ids[action === 'next' ? Math.min(ids.length - 1, index + 1) : Math.max(0, index - 1)]!;
    dispatch({ type: 'ui/selected', id: next });
    focusWhenThere(rowTitle(next), { preventScroll: false }, 10);
  });

  return (
    <>
      {list?.error && (
        <p role="alert" className="load-error">
          {list.error}
        </p>
      )}
      {list?.loaded && <ArticleList ids={ids} renderRow={renderRow} onNearEnd={loadMore} label={label} emptyText={emptyText} selectedId={selectedId} />}
    </>
  );
}
