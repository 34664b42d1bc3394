import type { ArticleSummary } from '../shared/types';

const SEPARATORS = [' | ', ' - ', ' — ', ' – ', ' :: ', ' · ', ' • '];
const squash = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

function hostNames(article: Pick<ArticleSummary, 'url' | 'finalUrl' | 'canonicalUrl'>): string[] {
  const names: string[] = [];
  for (const address of [article.canonicalUrl, article.finalUrl, article.url]) {
    try {
      if (address) names.push(squash(new URL(address).hostname.replace(/^www\./, '')));
    } catch {
      // not an address
    }
  }
  return names;
}

/**
 * The title as the app shows it: without the site's or the author's name that pages append to
 * their titles (" - Wikipedia", " | Eleanor Ainge Roy"). A tail is cut only when it names the
 * site, the byline or the article's host, so a title that merely contains " - " stays whole.
 */
export function displayTitle(article: Pick<ArticleSummary, 'title' | 'siteName' | 'byline' | 'url' | 'finalUrl' | 'canonicalUrl'>): string {
  let title = article.title.trim();
  const names = [article.siteName, article.byline].filter((n): n is string => Boolean(n)).map(squash).filter(Boolean);
  const hosts = hostNames(article);
  for (let cuts = 0; cuts < 2; cuts++) {
    const at = Math.max(...SEPARATORS.map((s) => title.lastIndexOf(s)));
    if (at <= 0) break;
    const separator = SEPARATORS.find((s) => title.startsWith(s, at))!;
    const head = title.slice(0, at).trim();
    const tail = squash(title.slice(at + separator.length));
    if (!tail || tail.length > 40 || Array.from(head).length < 2) break;
    const named = names.some((n) => n === tail || (n.length >= 4 && tail.length >= 4 && (n.includes(tail) || tail.includes(n))));
    const hosted = tail.length >= 3 && hosts.some((h) => h.includes(tail));
    if (!named && !hosted) break;
    title = head;
  }
  return title;
}
