import { useEffect } from 'react';
import type { BookmarkEntry } from '../../shared/types';
import { BookmarksView } from '../components/BookmarksView';
import { useArticleActions } from '../hooks/useArticleActions';
import { useApi, useDispatch, useSelector } from '../store/react';

/** The Bookmarks screen: fetched when it opens, then kept by answers and the library's events. */
export function BookmarksContainer() {
  const api = useApi();
  const dispatch = useDispatch();
  const entries = useSelector((state) => state.bookmarks.entries);
  const actions = useArticleActions();

  useEffect(() => {
    dispatch({ type: 'bookmarks/requested' });
    api.listBookmarks({}).then(
      (loaded) => dispatch({ type: 'bookmarks/loaded', entries: loaded }),
      (error: Error) => dispatch({ type: 'bookmarks/failed', message: error.message }),
    );
  }, [api, dispatch]);

  const remove = (entry: BookmarkEntry) => {
    if (entry.kind === 'article') return void actions.toggleBookmark(entry.article);
    api.deletePlaceBookmark({ placeId: entry.place.placeId }).then(
      ({ placeId }) => dispatch({ type: 'place/removed', placeId }),
      (error: unknown) => console.error('Offprint: the place was not removed', error),
    );
  };

  return (
    <section aria-labelledby="view-title">
      <h1 id="view-title" className="view-title">
        Bookmarks
      </h1>
      {entries && <BookmarksView entries={entries} onRemove={remove} />}
    </section>
  );
}
