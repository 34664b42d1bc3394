import { useLayoutEffect, useState } from 'react';
import type { OffprintClient } from './api';
import { AppFrame } from './containers/AppFrame';
import { BookmarksContainer } from './containers/BookmarksContainer';
import { ExtensionsContainer } from './containers/ExtensionsContainer';
import { ImportExportContainer } from './containers/ImportExportContainer';
import { LibraryContainer } from './containers/LibraryContainer';
import { FeedViewContainer } from './containers/FeedViewContainer';
import { HighlightsContainer } from './containers/HighlightsContainer';
import { ReaderContainer } from './containers/ReaderContainer';
import { TagViewContainer } from './containers/TagViewContainer';
import { useRoute } from './hooks/useRoute';
import { connectEvents } from './store/events';
import { StoreProvider } from './store/react';
import { createAppStore } from './store/state';

/**
 * Routing and providers only: the store, the API, the library's events into the store, and one
 * container per screen. A new screen (a sidebar of feeds and tags) is a container of its own in
 * renderer/containers/ and its state in renderer/store/, not an edit here beyond its route.
 */
export function App({ api }: { api: OffprintClient }) {
  const [store] = useState(createAppStore);
  const route = useRoute();
  // Before the containers' first loads (passive effects run after layout effects), so no event is missed.
  useLayoutEffect(() => connectEvents(api.on, store.dispatch), [api, store]);
  return (
    <StoreProvider store={store} api={api}>
      <AppFrame route={route}>
        {route.name === 'article' ? (
          <ReaderContainer id={route.id} at={route.at} find={route.find} highlight={route.highlight ?? null} />
        ) : route.name === 'bookmarks' ? (
          <BookmarksContainer />
        ) : route.name === 'extension' ? (
          <ExtensionsContainer />
        ) : route.name === 'transfer' ? (
          <ImportExportContainer />
        ) : route.name === 'tag' ? (
          <TagViewContainer tag={route.tag} />
        ) : route.name === 'highlights' ? (
          <HighlightsContainer />
        ) : route.name === 'feed' || route.name === 'folder' ? (
          <FeedViewContainer route={route} />
        ) : (
          <LibraryContainer view={route.view} />
        )}
      </AppFrame>
    </StoreProvider>
  );
}
