import { normalizeArticleUrl } from '../shared/url';
import type { CapturedArticle } from './capture/capture';
import type { Library } from './library/library';
import type { ArticleRecord } from './library/schema';

/**
 * "Already in your library": the saved article a new save is the same as. Two addresses of one
 * story (a link with a section path and the page's canonical address, a mobile host) meet in the
 * page's canonical or `og:url` address; pasted text has none, so it meets a saved article with the
 * same title and first paragraph. Evidence the page gives, compared after normalising; a match is
 * offered to the reader ("Open / Save another copy"), never acted on behind their back.
 */

/** The `og:url` a fetched page declares in its first 128 kB, if any. */
export function ogUrlOf(captured: Pick<CapturedArticle, 'rawPage' | 'meta'>): string | null {
  if (!captured.rawPage || captured.meta.source === 'text') return null;
  let head: string;
  try {
    head = new TextDecoder(captured.meta.raw?.charset ?? 'utf-8').decode(captured.rawPage.subarray(0, 128 * 1024));
  } catch {
    // An unknown charset label: the addresses are ASCII in any charset that matters here.
    head = new TextDecoder('latin1').decode(captured.rawPage.subarray(0, 128 * 1024));
  }
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!/\bproperty\s*=\s*["']?og:url\b/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const value = (content?.[1] ?? content?.[2] ?? content?.[3] ?? '').trim();
    if (!value) continue;
    try {
      return new URL(value, captured.meta.finalUrl ?? captured.meta.url ?? undefined).href;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The saved article (other than `except`) whose address, or whose own canonical address, is one of
 * `addresses` once normalised.
 */
export function findByAddresses(library: Library, addresses: (string | null | undefined)[], except?: string): ArticleRecord | undefined {
  const wanted = [...new Set(addresses.map((a) => (a ? normalizeArticleUrl(a) : null)).filter((a): a is string => a !== null))];
  if (wanted.length === 0) return undefined;
  for (const address of wanted) {
    const found = library.findByNormalizedUrl(address);
    if (found && found.id !== except) return found;
  }
  // Saved articles' canonical addresses are not indexed: compare the host first (a substring test)
  // so that only the few on the same site are parsed.
  const hosts = [...new Set(wanted.map((a) => new URL(a).host))];
  for (const record of library.records()) {
    const canonical = record.canonicalUrl;
    if (!canonical || record.id === except || !hosts.some((host) => canonical.toLowerCase().includes(host))) continue;
    const normalized = normalizeArticleUrl(canonical);
    if (normalized && wanted.includes(normalized)) return record;
  }
  return undefined;
}

const squash = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

/** The first paragraph of an article's text that is not its title. */
export function firstParagraph(bodyText: string, title: string): string {
  const head = squash(title);
  for (const block of bodyText.split(/\n\s*\n/)) {
    const paragraph = squash(block);
    if (paragraph && paragraph !== head) return paragraph;
  }
  return '';
}

/** The saved article (other than `except`) with the same title and the same first paragraph. */
export function findByContent(library: Library, title: string, bodyText: string, except?: string): ArticleRecord | undefined {
  const head = squash(title);
  const first = firstParagraph(bodyText, title);
  if (!head || !first) return undefined;
  for (const record of library.records()) {
    // Lengths first: squashing every title of a large library is the slow part.
    if (record.id === except || Math.abs(record.title.length - title.length) > 8 || squash(record.title) !== head) continue;
    let text: string;
    try {
      text = library.articleTextSync(record.id);
    } catch {
      // A body that cannot be read cannot be compared; that article is simply not a match.
      continue;
    }
    if (firstParagraph(text, record.title) === first) return record;
  }
  return undefined;
}

/**
 * The saved article a just-captured one is the same as: by the addresses the page claims (its
 * canonical link, its og:url, and for a fetched page where the fetch ended), or, for text and a
 * page file that claims none, by its content. A page file's base address is only where its links
 * point, not a claim of what it is, so two files given the same one are not the same article.
 */
export function findSame(library: Library, captured: CapturedArticle, except?: string): { record: ArticleRecord; by: 'canonical' | 'content' } | undefined {
  const { meta } = captured;
  const claimed = [meta.canonicalUrl, ogUrlOf(captured), meta.source === 'url' ? meta.finalUrl : null];
  const byAddress = findByAddresses(library, claimed, except);
  if (byAddress) return { record: byAddress, by: 'canonical' };
  if (meta.source === 'url' || claimed.some(Boolean)) return undefined;
  const byContent = findByContent(library, meta.title, captured.bodyText, except);
  return byContent ? { record: byContent, by: 'content' } : undefined;
}
