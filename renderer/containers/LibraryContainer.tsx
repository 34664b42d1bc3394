import type { Settings } from '../../shared/types';
import { FirstRunCard } from '../components/FirstRunCard';
import { useSaves } from '../hooks/useSaves';
import { useSettingsUpdate } from '../hooks/useSettingsUpdate';
import { type LibraryView, VIEW_TITLES } from '../route';
import { useDispatch, useSelector } from '../store/react';
import { selectSettings } from '../store/state';
import { ArticleListContainer } from './ArticleListContainer';
import { SearchContainer } from './SearchContainer';
import { ShelfContainer } from './ShelfContainer';

/** The library screen: a view's heading and sort, then the search results, or the first-run card, the shelf and the list. */
export function LibraryContainer({ view }: { view: LibraryView }) {
  const sort = useSelector((state) => selectSettings(state).sort);
  const query = useSelector((state) => state.ui.query);
  const empty = useSelector((state) => (state.counts.value ? state.counts.value.all + state.counts.value.archived === 0 : false));
  const dispatch = useDispatch();
  const updateSettings = useSettingsUpdate();
  const saves = useSaves();
  const searching = query.trim().length > 0;
  return (
    <section aria-labelledby="view-title" className="library">
      <div className="view-head">
        <h1 id="view-title" className="view-title">
          {searching ? `Search ${VIEW_TITLES[view] === 'Library' ? 'the library' : VIEW_TITLES[view].toLowerCase()}` : VIEW_TITLES[view]}
        </h1>
        {!searching && (
          <label className="sort">
            <span className="visually-hidden">Sort</span>
            <select value={sort} onChange={(e) => void updateSettings({ sort: e.target.value as Settings['sort'] })}>
              <option value="newest">Newest first</option>
              <option value="oldest">Oldest first</option>
            </select>
          </label>
        )}
      </div>
      {searching ? (
        <SearchContainer query={query} view={view} />
      ) : (
        <>
          {view === 'all' && empty && (
            <FirstRunCard onAddAddress={() => dispatch({ type: 'ui/add', open: true })} onPasteText={() => dispatch({ type: 'ui/paste', draft: { text: '', title: '' } })} onOpenFile={saves.saveFile} />
          )}
          {view === 'all' && <ShelfContainer />}
          <ArticleListContainer view={view} sort={sort} />
        </>
      )}
    </section>
  );
}
