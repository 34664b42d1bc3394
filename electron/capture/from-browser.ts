import { EXTENSION_LIMITS } from '../../shared/extension-protocol';
import { OffprintError } from '../../shared/errors';
import { type CaptureContext, type CapturedArticle, captureArticle, captureArticleHtml } from './capture';
import type { FetchFn } from './fetch-page';
import { requireWebUrl } from './fetch-page';
import { networkPolicy } from './network/network-policy';

/**
 * A page handed over by the browser extension (issue 16): the rendered DOM, as the reader saw it,
 * and the images it showed, fetched by the browser with its own session. Untrusted input, through
 * the same steps as a page Offprint fetches: the page limit, extraction in the worker (or, for a
 * selection, the same preparation as a feed item's HTML), and the images step, whose fetch answers
 * the addresses the extension sent with their bytes — so each is size-limited by the same reader
 * and sniffed by the same check, its claimed type never used — and fetches the others itself under
 * the page's network policy. The rendered page is kept as the raw page.
 */
export interface BrowserPage {
  url: string;
  title: string;
  html: string;
  /** True when `html` is the reader's selection: saved as the article as it is. */
  selection: boolean;
  /** The images' bytes, by the address the page showed them from. */
  images: { url: string; bytes: Uint8Array }[];
}

export async function captureFromBrowser(page: BrowserPage, context: CaptureContext): Promise<CapturedArticle> {
  const url = requireWebUrl(page.url);
  if (new TextEncoder().encode(page.html).byteLength > EXTENSION_LIMITS.pageBytes) {
    throw new OffprintError('too-large', `The page is larger than ${EXTENSION_LIMITS.pageBytes / (1024 * 1024)} MB, too large to save.`);
  }
  const sent = new Map<string, Uint8Array>();
  for (const image of page.images.slice(0, EXTENSION_LIMITS.images)) {
    const address = absolute(image.url);
    if (address && !sent.has(address)) sent.set(address, image.bytes);
  }
  // The page's own policy decides what its other images may reach; the sent ones need no request.
  const policy = context.network ?? (await networkPolicy(url.href, context));
  const network = { intranet: policy.intranet, refuse: (u: URL) => policy.refuse(u), fetch: answerSent(sent, policy.fetch) };
  const browserContext: CaptureContext = { ...context, network, origin: { source: 'extension' }, providedImages: new Set(sent.keys()) };
  if (page.selection) {
    const captured = await captureArticleHtml(
      page.html,
      { url: url.href, baseUrl: url.href, title: page.title.trim() || url.hostname, byline: null, publishedTime: null, siteName: null },
      { ...browserContext, origin: { source: 'extension', method: 'fragment' } },
    );
    // A part of the page is not the page: saving the whole page later is not a duplicate of it.
    captured.meta = { ...captured.meta, normalizedUrl: null };
    return captured;
  }
  // The page's title is left to extraction, which knows a headline from "Headline | Site".
  return captureArticle({ kind: 'html', html: page.html, baseUrl: url.href }, browserContext);
}

/** A fetch that answers the sent addresses with their bytes (no type: the images step sniffs them) and passes the rest on. */
function answerSent(sent: Map<string, Uint8Array>, fetchOthers: FetchFn): FetchFn {
  return async (input, init) => {
    const address = input instanceof URL ? input.href : input instanceof Request ? input.url : String(input);
    const bytes = sent.get(address);
    if (bytes) return new Response(bytes.slice(), { status: 200 });
    return fetchOthers(input, init);
  };
}

function absolute(address: string): string | null {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
