import { useMemo } from 'react';
import type { ArticleSummary, PlaceBookmark } from '../../shared/types';
import { useApi, useDispatch, useStore } from '../store/react';
import type { UndoEntry } from '../store/toasts';

/**
 * What a row, the reader or the Bookmarks view can do to an article. Each answer is the article's
 * new summary, put in the store at once (the library's event that follows says the same and
 * changes nothing more): the one row and the reader's header update, no list or body is loaded
 * again. Archiving, deleting and removing a bookmark offer the one Undo.
 */
export function useArticleActions() {
  const api = useApi();
  const dispatch = useDispatch();
  const store = useStore();
  return useMemo(() => {
    const apply = (change: Promise<ArticleSummary>) =>
      change.then(
        (article) => {
          dispatch({ type: 'articles/received', articles: [article] });
          return article;
        },
        // The row keeps its state; the failure is for whoever reads the console (there is no caller left to tell).
        (error: unknown) => {
          console.error('Offprint: the change was not saved', error);
          return null;
        },
      );
    const offer = (entry: UndoEntry) => {
      // One Undo: a delete still waiting for its Undo time happens now, as another takes its place.
      const waiting = store.getState().ui.pendingDelete;
      if (waiting) commitDelete(waiting.id);
      dispatch({ type: 'undo/offered', entry });
    };
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
    const removePlace = (article: ArticleSummary, place: PlaceBookmark) =>
      api.deletePlaceBookmark({ placeId: place.placeId }).then(
        ({ placeId }) => {
          dispatch({ type: 'place/removed', placeId });
          offer({ kind: 'place-removed', article, place });
        },
        (error: unknown) => console.error('Offprint: the place was not removed', error),
      );
    return {
      toggleBookmark: async (a: ArticleSummary) => {
        const done = await apply(api.setBookmarked({ id: a.id, bookmarked: !a.bookmarked }));
        if (done && a.bookmarked) offer({ kind: 'unbookmarked', article: done });
      },
      toggleArchived: async (a: ArticleSummary) => {
        const done = await apply(api.setArchived({ id: a.id, archived: !a.archivedAt }));
        if (done && !a.archivedAt) offer({ kind: 'archived', article: done });
      },
      toggleRead: (a: ArticleSummary) => apply(api.setRead({ id: a.id, read: !a.readAt })),
      setRead: (a: ArticleSummary, read: boolean) => apply(api.setRead({ id: a.id, read })),
      /** Hidden at once, deleted when the Undo time is up (UndoContainer); a delete already waiting goes first. */
      scheduleDelete: (a: ArticleSummary) => {
        const waiting = store.getState().ui.pendingDelete;
        if (waiting) commitDelete(waiting.id);
        dispatch({ type: 'delete/scheduled', article: a });
      },
      commitDelete,
      removePlace,
      editNote: (place: PlaceBookmark, note: string) =>
        api.updatePlaceNote({ placeId: place.placeId, note }).then(
          (edited) => {
            dispatch({ type: 'place/removed', placeId: place.placeId });
            dispatch({ type: 'place/added', place: edited });
          },
          (error: Error) => dispatch({ type: 'toast/shown', toast: { kind: 'message', text: `The note was not saved: ${error.message}` } }),
        ),
      /** Takes the last archive, delete or removed bookmark back. */
      undo: async (entry: UndoEntry) => {
        dispatch({ type: 'undo/settled' });
        switch (entry.kind) {
          case 'archived':
            await apply(api.setArchived({ id: entry.article.id, archived: false }));
            break;
          case 'deleted':
            dispatch({ type: 'delete/undone' });
            break;
          case 'unbookmarked':
            await apply(api.setBookmarked({ id: entry.article.id, bookmarked: true }));
            break;
          case 'place-removed': {
            const { place } = entry;
            await api.addPlaceBookmark({ id: place.articleId, position: place.position, snippet: place.snippet, ...(place.note ? { note: place.note } : {}) }).then(
              (again) => dispatch({ type: 'place/added', place: again }),
              (error: unknown) => console.error('Offprint: the place was not put back', error),
            );
          }
        }
      },
    };
  }, [api, dispatch, store]);
}

export type ArticleActions = ReturnType<typeof useArticleActions>;
