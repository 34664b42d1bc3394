import type { Settings } from '../../shared/types';
import { SearchBox } from '../components/SearchBox';
import { useSettingsUpdate } from '../hooks/useSettingsUpdate';
import { type LibraryView, VIEW_TITLES } from '../route';
import { useDispatch, useSelector } from '../store/react';
import { selectSettings } from '../store/state';
import { ArticleListContainer } from './ArticleListContainer';
import { SearchContainer } from './SearchContainer';
import { ShelfContainer } from './ShelfContainer';

/** The library screen: a view's heading, search and sort, then the search results, or the shelf and the list. */
export function LibraryContainer({ view }: { view: LibraryView }) {
  const sort = useSelector((state) => selectSettings(state).sort);
  const query = useSelector((state) => state.ui.query);
  const dispatch = useDispatch();
  const updateSettings = useSettingsUpdate();
  const searching = query.trim().length > 0;
  return (
    <section aria-labelledby="view-title">
      <div className="view-head">
        <h1 id="view-title" className="view-title">
          {VIEW_TITLES[view]}
        </h1>
        <div className="view-tools">
          <SearchBox value={query} onChange={(value) => dispatch({ type: 'ui/query', query: value })} />
          <label className="sort">
            Sort
            <select value={sort} onChange={(e) => void updateSettings({ sort: e.target.value as Settings['sort'] })}>
              <option value="newest">Newest first</option>
              <option value="oldest">Oldest first</option>
            </select>
          </label>
        </div>
      </div>
      {searching ? (
        <SearchContainer query={query} view={view} />
      ) : (
        <>
          {view === 'all' && <ShelfContainer />}
          <ArticleListContainer view={view} sort={sort} />
        </>
      )}
    </section>
  );
}
