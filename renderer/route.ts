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
  | { name: 'transfer' }
  /** `highlight`: opened from the Highlights view, at that highlight (issue 13). */
  | { name: 'article'; id: string; at: ReadingPosition | null; find: string | null; highlight?: string }
  /** Issue 13: one tag's articles, and every highlight of the library. */
  | { name: 'tag'; tag: string }
  | { name: 'highlights' }
  /** Issue 14: one feed's articles, or a feed folder's. */
  | { name: 'feed'; id: string }
  | { name: 'folder'; folder: string };

/** A path part written by routeHref, or null when it was hand-typed and badly encoded. */
function decodePart(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const marked = /^\/article\/([a-z0-9-]+)\/highlight\/([a-z0-9-]+)$/.exec(path);
  if (marked) return { name: 'article', id: marked[1]!, at: null, find: null, highlight: marked[2]! };
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
  if (path === '/import') return { name: 'transfer' };
  if (path === '/highlights') return { name: 'highlights' };
  const scoped = /^\/(tag|feed|folder)\/(.+)$/.exec(path);
  if (scoped) {
    const value = decodePart(scoped[2]!);
    if (value && scoped[1] === 'tag') return { name: 'tag', tag: value };
    if (value && scoped[1] === 'folder') return { name: 'folder', folder: value };
    if (value && scoped[1] === 'feed' && /^[a-z0-9-]+$/.test(value)) return { name: 'feed', id: value };
  }
  if (path === '/unread') return { name: 'library', view: 'unread' };
  if (path === '/archived') return { name: 'library', view: 'archived' };
  return { name: 'library', view: 'all' };
}

export function routeHref(route: Route | { name: 'article'; id: string; at?: ReadingPosition | null; find?: string | null; highlight?: string }): string {
  switch (route.name) {
    case 'library':
      return route.view === 'all' ? '#/' : `#/${route.view}`;
    case 'bookmarks':
      return '#/bookmarks';
    case 'extension':
      return '#/extension';
    case 'transfer':
      return '#/import';
    case 'highlights':
      return '#/highlights';
    case 'tag':
      return `#/tag/${encodeURIComponent(route.tag)}`;
    case 'feed':
      return `#/feed/${route.id}`;
    case 'folder':
      return `#/folder/${encodeURIComponent(route.folder)}`;
    case 'article':
      if (route.highlight) return `#/article/${route.id}/highlight/${route.highlight}`;
      if (route.at) return `#/article/${route.id}/at/${route.at.block}/${route.at.offset}`;
      return route.find ? `#/article/${route.id}/find/${encodeURIComponent(route.find)}` : `#/article/${route.id}`;
  }
}
