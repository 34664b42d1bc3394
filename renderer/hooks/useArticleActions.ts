import { useMemo } from 'react';
import type { ArticleSummary } from '../../shared/types';
import { useApi, useDispatch, useStore } from '../store/react';

/**
 * What a row or the reader can do to an article. Each answer is the article's new summary, put in
 * the store at once (the library's event that follows says the same and changes nothing more): the
 * one row and the reader's header update, no list or body is loaded again.
 */
export function useArticleActions() {
  const api = useApi();
  const dispatch = useDispatch();
  const store = useStore();
  return useMemo(() => {
    const apply = (change: Promise<ArticleSummary>) =>
      change.then(
        (article) => dispatch({ type: 'articles/received', articles: [article] }),
        // The row keeps its state; the failure is for whoever reads the console (there is no caller left to tell).
        (error: unknown) => console.error('Offprint: the change was not saved', error),
      );
    const commitDelete = (id: string) => {
      dispatch({ type: 'delete/committed', id });
      api.deleteArticle({ id }).then(
        () => dispatch({ type: 'library/changed', change: { added: [], updated: [], removed: [id] } }),
        (error: unknown) => {
          console.error('Offprint: the article was not deleted', error);
          dispatch({ type: 'delete/settled', id });
        },
      );
    };
    return {
      toggleBookmark: (a: ArticleSummary) => apply(api.setBookmarked({ id: a.id, bookmarked: !a.bookmarked })),
      toggleArchived: (a: ArticleSummary) => apply(api.setArchived({ id: a.id, archived: !a.archivedAt })),
      toggleRead: (a: ArticleSummary) => apply(api.setRead({ id: a.id, read: !a.readAt })),
      setRead: (a: ArticleSummary, read: boolean) => apply(api.setRead({ id: a.id, read })),
      /** Hidden at once, deleted when the Undo time is up (UndoDeleteContainer); a delete already waiting goes first. */
      scheduleDelete: (a: ArticleSummary) => {
        const waiting = store.getState().ui.pendingDelete;
        if (waiting) commitDelete(waiting.id);
        dispatch({ type: 'delete/scheduled', article: a });
      },
      commitDelete,
    };
  }, [api, dispatch, store]);
}

export type ArticleActions = ReturnType<typeof useArticleActions>;
