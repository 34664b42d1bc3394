import type { ArticleSummary } from '../shared/types';

/** A date for people: "27 Nov 2026". Invalid or missing dates give null. */
export function formatDate(iso: string | null | undefined, locale?: string): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return date.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

const DAY_MS = 24 * 60 * 60 * 1000;
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * A date as a list shows it: "today", "yesterday", "3 days ago" within a week, then "12 Mar" in
 * the same year and "12 Mar 2024" before. Days are counted in the reader's own time zone.
 */
export function relativeDate(iso: string | null | undefined, now: number = Date.now()): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const startOf = (t: number) => {
    const d = new Date(t);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  };
  const days = Math.round((startOf(now) - startOf(date.getTime())) / DAY_MS);
  if (days >= 0 && days < 7) return relative.format(-days, 'day');
  const sameYear = new Date(now).getFullYear() === date.getFullYear();
  return date.toLocaleDateString('en-GB', sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' });
}

/** "site · 4 min · 31 %": what a list row says under its title (read articles say "Read"). */
export function rowMeta(article: ArticleSummary): string[] {
  const progress = article.readAt ? 'Read' : article.progress > 0 ? `${article.progress} %` : null;
  return [article.siteName ?? hostOf(article), `${article.readingMinutes} min`, progress].filter((part): part is string => Boolean(part));
}

/** The host of an article's address without "www.", or null for pasted text and files. */
export function hostOf(article: Pick<ArticleSummary, 'url' | 'finalUrl' | 'canonicalUrl'>): string | null {
  for (const address of [article.canonicalUrl, article.finalUrl, article.url]) {
    if (!address) continue;
    try {
      return new URL(address).hostname.replace(/^www\./, '');
    } catch {
      // not an address: try the next
    }
  }
  return null;
}

/** A host's own name: `wikipedia` for en.wikipedia.org, `bbc` for www.bbc.co.uk; null for an IP address. */
export function siteLabel(host: string | null): string | null {
  if (!host || /^[\d.]+$|:/.test(host)) return null;
  const labels = host.split('.');
  if (labels.length < 2) return host;
  const second = labels[labels.length - 2]!;
  return labels.length >= 3 && second.length <= 3 ? labels[labels.length - 3]! : second;
}

/** The letter a thumbnail without an image shows: the site's (or the title's) first letter. */
export function siteInitial(article: ArticleSummary): string {
  const name = article.siteName ?? siteLabel(hostOf(article)) ?? article.title;
  const letter = Array.from(name.replace(/^the\s+/i, '').trim())[0] ?? '·';
  return letter.toLocaleUpperCase();
}

/** A hue for a site's placeholder, the same for every article of that site. */
export function siteHue(article: ArticleSummary): number {
  const name = article.siteName ?? siteLabel(hostOf(article)) ?? article.title;
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.codePointAt(0)!) % 360;
  return hash;
}
