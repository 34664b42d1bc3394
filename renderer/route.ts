/** Where the app is, kept in the URL hash so reloads and the back button keep the place. */
export type Route = { name: 'library' } | { name: 'bookmarks' } | { name: 'article'; id: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const article = /^\/article\/([a-z0-9-]+)$/.exec(path);
  if (article) return { name: 'article', id: article[1]! };
  if (path === '/bookmarks') return { name: 'bookmarks' };
  return { name: 'library' };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'library':
      return '#/';
    case 'bookmarks':
      return '#/bookmarks';
    case 'article':
      return `#/article/${route.id}`;
  }
}
