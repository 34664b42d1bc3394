/**
 * Multi-page articles: where the next page of the same article is. A page's `rel=next` link is
 * trusted only when its address is the page's own with a page number one higher (`…/story/2`,
 * `…/story-2.html`, `…/story/seite-2`, `…?page=2`): blogs also put `rel=next` on the next *post*, and
 * listings (`…/page/2`) on their next page of teasers, and neither is part of this article.
 */

/** Query parameters that carry a page number. */
const PAGE_PARAMS = ['page', 'p', 'pg', 'paged', 'seite', 'pagina', 'pag'];
/** A path that ends in a page number: "/2", "/page/2", "/page-2", "-2", "_2", "/seite-2" (an extension after it is allowed). */
const PAGED_PATH = /^(.*?)[/_-](?:page|seite|pagina|pag|p)?[/_-]?(\d{1,2})$/i;
const EXTENSION = /\.(?:html?|php|aspx?|jsp)$/i;
/** Articles are not longer than this many pages; a larger number is an id, not a page. */
export const MAX_PAGE_NUMBER = 50;

interface Paged {
  /** The address without its page number. */
  base: string;
  page: number;
}

function splitPath(url: URL): { path: string; extension: string } {
  const trimmed = url.pathname.replace(/\/+$/, '') || '/';
  const extension = EXTENSION.exec(trimmed)?.[0] ?? '';
  return { path: extension ? trimmed.slice(0, -extension.length) : trimmed, extension };
}

/** The other query parameters, in a stable order. */
function queryWithout(url: URL, drop: string | null): string {
  const params = [...url.searchParams.entries()].filter(([name]) => name !== drop).sort(([a], [b]) => a.localeCompare(b));
  return new URLSearchParams(params).toString();
}

/** Every way of reading an address as "base + page number" (the page itself is page 1 of its own address). */
function readings(url: URL): Paged[] {
  const { path, extension } = splitPath(url);
  const out: Paged[] = [{ base: `${url.origin}${path}${extension}?${queryWithout(url, null)}`, page: 1 }];
  for (const name of PAGE_PARAMS) {
    const value = url.searchParams.get(name);
    if (value !== null && /^\d{1,2}$/.test(value)) out.push({ base: `${url.origin}${path}${extension}?${queryWithout(url, name)}`, page: Number(value) });
  }
  const match = PAGED_PATH.exec(path);
  if (match && match[1]) out.push({ base: `${url.origin}${match[1]}${extension}?${queryWithout(url, null)}`, page: Number(match[2]) });
  return out.filter((r) => r.page >= 1 && r.page <= MAX_PAGE_NUMBER);
}

/** True when `next` is the page after `current` of the same article. */
export function isNextPage(current: URL, next: URL): boolean {
  if (current.origin !== next.origin) return false;
  // A site's home page, and ".../page/2" (how WordPress and most blogs number listings): listings.
  if (splitPath(current).path === '/' || /\/page\/\d+$/i.test(splitPath(next).path)) return false;
  const here = readings(current);
  return readings(next).some((there) => there.page >= 2 && here.some((r) => r.base === there.base && r.page + 1 === there.page));
}

/** The address of this article's next page, from the page's `rel=next` links; null when there is none. */
export function findNextPage(doc: Document, pageUrl: string, baseUrl: string = pageUrl): string | null {
  let current: URL;
  try {
    current = new URL(pageUrl);
  } catch {
    return null;
  }
  if (current.protocol !== 'http:' && current.protocol !== 'https:') return null;
  for (const link of Array.from(doc.querySelectorAll('link[rel][href], a[rel][href]'))) {
    if (!/(?:^|\s)next(?:\s|$)/i.test(link.getAttribute('rel')!)) continue;
    try {
      const next = new URL(link.getAttribute('href')!.trim(), baseUrl);
      next.hash = '';
      if (isNextPage(current, next)) return next.href;
    } catch {
      // Not an address: not a next page.
    }
  }
  return null;
}
