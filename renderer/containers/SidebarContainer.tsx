import { SearchBox } from '../components/SearchBox';
import { Sidebar } from '../components/Sidebar';
import type { Route } from '../route';
import { useDispatch, useSelector } from '../store/react';
import { AddContainer } from './AddContainer';
import { FeedsContainer } from './FeedsContainer';
import { TagsContainer } from './TagsContainer';

/**
 * The sidebar, connected: the views' counts from the store (countArticles, then every
 * libraryChanged event), the search words, "+ Add", and the Feeds (issue 14) and Tags (issue 13)
 * sections, each a container of its own in its slot.
 */
export function SidebarContainer({ route, inMenu = false, onNavigate }: { route: Route; inMenu?: boolean; onNavigate?: () => void }) {
  const counts = useSelector((state) => state.counts.value);
  const query = useSelector((state) => state.ui.query);
  const dispatch = useDispatch();
  const sidebar = (
    <Sidebar
      route={route}
      counts={counts}
      // In the menu below 900 px, "+ Add" stays in the bar above it.
      add={inMenu ? null : <AddContainer />}
      search={
        <SearchBox
          value={query}
          onSubmit={onNavigate}
          onChange={(value) => {
            dispatch({ type: 'ui/query', query: value });
            // Search is over the library's views: from Bookmarks, it shows the library's results.
            if (route.name !== 'library' && value.trim()) window.location.hash = '#/';
          }}
        />
      }
      onHelp={() => dispatch({ type: 'ui/help', open: true })}
      onNavigate={onNavigate}
      feeds={<FeedsContainer route={route} onNavigate={onNavigate} />}
      tags={<TagsContainer route={route} onNavigate={onNavigate} />}
    />
  );
  return inMenu ? sidebar : <aside className="sidebar" aria-label="Sidebar">{sidebar}</aside>;
}
