import { isPrivateHost } from '../../shared/private-address';
import { decodeHtml } from './decode';
import type { ExtractedPage } from './extract';
import type { Extractor } from './extractor';
import { type FetchFn, type FetchLimits, fetchResource } from './fetch-page';
import { type LookupFn, lookupFor, MAX_IMAGES, resolvesInside } from './images';

/** At most this many pages are joined into one article, the first included. */
export const MAX_PAGES = 10;

export interface JoinContext {
  extractor: Extractor;
  /** The fetch the page itself came through: the next pages come the same way, or not at all. */
  fetch?: FetchFn;
  limits?: Partial<FetchLimits>;
  lookup?: LookupFn;
  signal?: AbortSignal;
  /** Whether the page may lead to private addresses (an intranet page the reader asked for). */
  privateAllowed?: boolean;
}

/** Text of article HTML, roughly: enough to see that a page repeats one already joined. */
function roughText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Joins the next pages of a multi-page article (found by extraction's `nextPageUrl`) onto the first,
 * in order: each fetched through the same fetch and limits as the first, extracted the same way, its
 * images numbered after the ones before. Stops at MAX_PAGES, at a page already joined, at one that
 * repeats the text so far, or at one that cannot be fetched or read; that last is said in the
 * warnings, and the pages before it are kept.
 */
export async function joinNextPages(first: ExtractedPage, context: JoinContext): Promise<ExtractedPage> {
  if (!first.nextPageUrl) return first;
  const joined: ExtractedPage = { ...first, images: [...first.images], warnings: [...first.warnings] };
  const seen = new Set<string>();
  const lookup = lookupFor(context);
  // The same rule as for the first page's redirects: a page on the web may not lead into this machine or its network.
  const checkUrl = context.privateAllowed
    ? undefined
    : async (hop: URL) =>
        isPrivateHost(hop.hostname) || (lookup !== null && (await resolvesInside(lookup, hop.hostname)))
          ? `${hop.host} is a private network address, which a page from the web may not lead to.`
          : null;
  let text = roughText(first.contentHtml);
  let next: string | null = first.nextPageUrl;
  for (let page = 2; next && page <= MAX_PAGES; page++) {
    if (seen.has(next)) break;
    seen.add(next);
    let extracted: ExtractedPage;
    try {
      const fetched = await fetchResource(next, { fetch: context.fetch, limits: context.limits, signal: context.signal, checkUrl });
      const { html } = decodeHtml(fetched.bytes, fetched.contentType);
      extracted = await context.extractor.run('extract', html, { baseUrl: fetched.finalUrl, maxElemsToParse: 50_000, imageKeyOffset: joined.images.length });
    } catch (error) {
      if (context.signal?.aborted) throw error;
      joined.warnings.push(`Page ${page} of the article (${next}) could not be saved (${(error as Error).message}); the saved copy has the pages before it.`);
      break;
    }
    const pageText = roughText(extracted.contentHtml);
    // A "next" page that shows what we have already (the first page again, an error page repeated) ends the article.
    if (!pageText || text.includes(pageText.slice(0, 200))) break;
    text += ` ${pageText}`;
    joined.contentHtml += `\n${extracted.contentHtml}`;
    // Images past the article's limit keep their place but are not fetched (the reader shows their description).
    joined.images.push(...extracted.images.slice(0, Math.max(0, MAX_IMAGES - joined.images.length)));
    joined.warnings.push(...extracted.warnings);
    next = extracted.nextPageUrl;
  }
  return joined;
}
