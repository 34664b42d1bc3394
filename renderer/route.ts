import type { ReadingPosition } from '../shared/types';

/** The list views of the library. */
export type LibraryView = 'all' | 'unread' | 'archived';

/** What each list view is called, in the top bar and as its heading. */
export const VIEW_TITLES: Record<LibraryView, string> = { all: 'Library', unread: 'Unread', archived: 'Archived' };

/** Where the app is, kept in the URL hash so reloads and the back button keep the place. */
export type Route =
  | { name: 'library'; view: LibraryView }
  | { name: 'bookmarks' }
  | { name: 'extension' }
  | { name: 'article'; id: string; at: ReadingPosition | null };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const article = /^\/article\/([a-z0-9-]+)(?:\/at\/(\d+)\/(\d+))?$/.exec(path);
  if (article) {
    const at = article[2] !== undefined ? { block: Number(article[2]), offset: Number(article[3]) } : null;
    return { name: 'article', id: article[1]!, at };
  }
  if (path === '/bookmarks') return { name: 'bookmarks' };
  if (path === '/extension') return { name: 'extension' };
  if (path === '/unread') return { name: 'library', view: 'unread' };
  if (path === '/archived') return { name: 'library', view: 'archived' };
  return { name: 'library', view: 'all' };
}

export function routeHref(route: Route | { name: 'article'; id: string; at?: ReadingPosition | null }): string {
  switch (route.name) {
    case 'library':
      return route.view === 'all' ? '#/' : `#/${route.view}`;
    case 'bookmarks':
      return '#/bookmarks';
    case 'extension':
      return '#/extension';
    case 'article':
      return route.at ? `#/article/${route.id}/at/${route.at.block}/${route.at.offset}` : `#/article/${route.id}`;
  }
}
