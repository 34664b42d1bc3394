import type { ReadingPosition } from '../shared/types';

/** The list views of the library. */
export type LibraryView = 'all' | 'unread' | 'archived';

/** What each list view is called, in the sidebar and as its heading. */
export const VIEW_TITLES: Record<LibraryView, string> = { all: 'Library', unread: 'Unread', archived: 'Archived' };

/**
 * Where the app is, kept in the URL hash so reloads and the back button keep the place. An article
 * opens at a bookmarked place (`at`), or at the first match of a search word (`find`).
 */
export type Route =
  | { name: 'library'; view: LibraryView }
  | { name: 'bookmarks' }
  | { name: 'extension' }
  | { name: 'article'; id: string; at: ReadingPosition | null; find: string | null };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const article = /^\/article\/([a-z0-9-]+)(?:\/at\/(\d+)\/(\d+)|\/find\/([^/]+))?$/.exec(path);
  if (article) {
    const at = article[2] !== undefined ? { block: Number(article[2]), offset: Number(article[3]) } : null;
    let find: string | null = null;
    try {
      find = article[4] ? decodeURIComponent(article[4]) : null;
    } catch {
      // A hand-typed, badly encoded word: open the article without it.
    }
    return { name: 'article', id: article[1]!, at, find };
  }
  if (path === '/bookmarks') return { name: 'bookmarks' };
  if (path === '/extension') return { name: 'extension' };
  if (path === '/unread') return { name: 'library', view: 'unread' };
  if (path === '/archived') return { name: 'library', view: 'archived' };
  return { name: 'library', view: 'all' };
}

export function routeHref(route: Route | { name: 'article'; id: string; at?: ReadingPosition | null; find?: string | null }): string {
  switch (route.name) {
    case 'library':
      return route.view === 'all' ? '#/' : `#/${route.view}`;
    case 'bookmarks':
      return '#/bookmarks';
    case 'extension':
      return '#/extension';
    case 'article':
      if (route.at) return `#/article/${route.id}/at/${route.at.block}/${route.at.offset}`;
      return route.find ? `#/article/${route.id}/find/${encodeURIComponent(route.find)}` : `#/article/${route.id}`;
  }
}
