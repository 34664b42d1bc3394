import { useEffect, useMemo } from 'react';
import { BookmarksView, groupBookmarks } from '../components/BookmarksView';
import { useArticleActions } from '../hooks/useArticleActions';
import { useApi, useDispatch, useSelector } from '../store/react';

/**
 * The Bookmarks screen: places grouped under their article, each with "Edit note"; fetched when it
 * opens, then kept by answers and the library's events. Removing a bookmark or a place (with its
 * note) offers the one Undo.
 */
export function BookmarksContainer() {
  const api = useApi();
  const dispatch = useDispatch();
  const entries = useSelector((state) => state.bookmarks.entries);
  const error = useSelector((state) => state.bookmarks.error);
  const actions = useArticleActions();
  const groups = useMemo(() => (entries ? groupBookmarks(entries) : null), [entries]);

  useEffect(() => {
    dispatch({ type: 'bookmarks/requested' });
    api.listBookmarks({}).then(
      (loaded) => dispatch({ type: 'bookmarks/loaded', entries: loaded }),
      (e: Error) => dispatch({ type: 'bookmarks/failed', message: e.message }),
    );
  }, [api, dispatch]);

  return (
    <section aria-labelledby="view-title" className="library">
      <div className="view-head">
        <h1 id="view-title" className="view-title">
          Bookmarks
        </h1>
      </div>
      {error && (
        <p role="alert" className="load-error">
          {error}
        </p>
      )}
      {groups && (
        <BookmarksView
          groups={groups}
          onRemoveArticle={(article) => void actions.toggleBookmark(article)}
          onRemovePlace={(article, place) => void actions.removePlace(article, place)}
          onEditNote={(place, note) => void actions.editNote(place, note)}
        />
      )}
    </section>
  );
}
