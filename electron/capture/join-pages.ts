import { decodeHtml } from './decode';
import type { ExtractedPage } from './extract';
import type { Extractor } from './extractor';
import { type FetchLimits, fetchResource } from './fetch-page';
import { MAX_IMAGES } from './images';
import type { NetworkPolicy } from './network/network-policy';

/** At most this many pages are joined into one article, the first included. */
export const MAX_PAGES = 10;

export interface JoinContext {
  extractor: Extractor;
  /** The first page's network policy: the next pages come through its fetch, held to its refusals. */
  network: NetworkPolicy;
  limits?: Partial<FetchLimits>;
  signal?: AbortSignal;
}

/** Text of article HTML, roughly: enough to see that a page repeats one already joined. */
function roughText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Joins the next pages of a multi-page article (found by extraction's `nextPageUrl`) onto the first,
 * in order: each fetched under the same network policy and limits as the first, extracted the same way, its
 * images numbered after the ones before. Stops at MAX_PAGES, at a page already joined, at one that
 * repeats the text so far, or at one that cannot be fetched or read; that last is said in the
 * warnings, and the pages before it are kept.
 */
export async function joinNextPages(first: ExtractedPage, context: JoinContext): Promise<ExtractedPage> {
  if (!first.nextPageUrl) return first;
  const joined: ExtractedPage = { ...first, images: [...first.images], warnings: [...first.warnings] };
  const seen = new Set<string>();
  // The same rule as for the first page's redirects: a page on the web may not lead into this machine or its network.
  const checkUrl = async (hop: URL) => {
    const reason = await context.network.refuse(hop);
    return reason ? `${hop.host} is ${reason}.` : null;
  };
  let text = roughText(first.contentHtml);
  let next: string | null = first.nextPageUrl;
  for (let page = 2; next && page <= MAX_PAGES; page++) {
    if (seen.has(next)) break;
    seen.add(next);
    let extracted: ExtractedPage;
    try {
      const fetched = await fetchResource(next, { fetch: context.network.fetch, limits: context.limits, signal: context.signal, checkUrl });
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
