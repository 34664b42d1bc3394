// Over 300 lines: the capture pipeline from source to stored files, read top to bottom as one story;
// each step it calls (fetching, decoding, extracting, images, sanitising) is its own file.
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OffprintError } from '../../shared/errors';
import { escapeHtml, splitPlainText } from '../../shared/plain-text';
import type { ImageReport, SaveProgress, SaveSource, TextDirection } from '../../shared/types';
import { normalizeArticleUrl, parseWebUrl } from '../../shared/url';
import type { CaptureMethod, CaptureReport, CaptureSource, CharsetDecision } from '../../shared/capture-report';
import { decodeHtmlExplained } from './decode';
import type { Extractor } from './extractor';
import { type FetchFn, type FetchLimits, fetchResource, requireWebUrl } from './fetch-page';
import { assetPath } from '../../shared/stored-images';
import { downloadImages, type ImageOutcome, type ImageRequest } from './images';
import { type LookupFn, type NetworkPolicy, networkPolicy, PRIVATE_ADDRESS_REASON } from './network/network-policy';
import { joinNextPages } from './join-pages';
import { buildCaptureReport, type CaptureFacts } from './report';
import { log } from '../log';

/** An article ready to be stored: its metadata and the files it is made of. */
export interface CapturedArticle {
  meta: {
    title: string;
    byline: string | null;
    siteName: string | null;
    excerpt: string | null;
    lang: string | null;
    dir: TextDirection | null;
    publishedTime: string | null;
    url: string | null;
    finalUrl: string | null;
    canonicalUrl: string | null;
    normalizedUrl: string | null;
    source: SaveSource['kind'];
    raw: { contentType: string; charset: string } | null;
    images: ImageReport;
    leadImage: string | null;
    /** What happened to this save (issue 16): stored with the record. */
    capture: CaptureReport;
  };
  bodyHtml: string;
  bodyText: string;
  rawPage: Uint8Array | null;
  /** Stored image files by name. */
  images: Map<string, Uint8Array>;
  /** What extraction had to do without on this page (a clean-up step that failed and was skipped); empty normally. */
  warnings: string[];
}

export interface CaptureOptions {
  fetch?: FetchFn;
  /** Limits for the page fetch. */
  limits?: Partial<FetchLimits>;
  /** Limits for each image fetch. */
  imageLimits?: Partial<FetchLimits>;
  /** Resolves image host names, to refuse those that lead to private addresses (see ImageOptions). */
  lookup?: LookupFn;
  signal?: AbortSignal;
}

export interface CaptureContext extends CaptureOptions {
  /** The id the article will have: stored image URLs contain it. */
  articleId: string;
  extractor: Extractor;
  /** For an .html file saved with "Save Page As": its path, so its _files folder is read from disk. */
  htmlFilePath?: string;
  /** The page's network policy (see network-policy.ts); decided from the page's address when not given. */
  network?: NetworkPolicy;
  onProgress?: (stage: SaveProgress['stage'], done?: number, total?: number) => void;
  // Issue 16: the capture report, the browser extension and re-extraction.
  /** How the report names this capture; by default from the source's kind (url: web, html: file, text: text). */
  origin?: { source: CaptureSource; method?: CaptureMethod };
  /**
   * For HTML the caller decoded itself from bytes it fetched or read (a feed's page, a saved file):
   * those bytes are kept as the raw page (so it can be re-decoded), and the report tells where they came from.
   */
  kept?: KeptPage;
  /** Addresses of images whose bytes came with the page (the extension's), counted by the report. */
  providedImages?: ReadonlySet<string>;
  /** Where the images come from instead of the network (re-extraction: the article's kept copies). */
  resolveImages?: (requests: ImageRequest[]) => Promise<{ files: Map<string, Uint8Array>; outcomes: ImageOutcome[] }>;
}

/** The bytes a page came as, and how they were fetched and decoded. */
export interface KeptPage {
  bytes: Uint8Array;
  contentType: string;
  charset: string;
  decidedBy: CharsetDecision;
  requestedUrl?: string | null;
  finalUrl?: string | null;
  redirects?: { status: number; url: string }[];
}

/** Fetches (if needed), decodes, extracts, stores images locally and sanitises an article from any of the ways in. */
export async function captureArticle(source: SaveSource, context: CaptureContext): Promise<CapturedArticle> {
  const startedAt = performance.now();
  switch (source.kind) {
    case 'url': {
      const url = requireWebUrl(source.url);
      context.onProgress?.('fetching');
      // The address the reader gave is theirs to choose, an intranet page included; the policy it
      // decides holds the page, its redirects and its images (see network-policy.ts). An address
      // that came from elsewhere (a feed's item) is held to the policy its caller decided (the feed's),
      // from its first request on.
      const given = context.network;
      const network = given ?? (await networkPolicy(url.href, context));
      let hops = 0;
      const checkUrl = network.intranet
        ? undefined
        : async (hop: URL) => {
            if (hops++ === 0 && !given) return null;
            if (!(await network.refuse(hop))) return null;
            return hops === 1 ? `${url.host} is ${PRIVATE_ADDRESS_REASON}.` : `${url.host} redirected to a private network address, which a page from the web may not do.`;
          };
      const page = await fetchResource(url.href, { fetch: network.fetch, limits: context.limits, signal: context.signal, checkUrl });
      const { html, charset, decidedBy } = decodeHtmlExplained(page.bytes, page.contentType);
      return fromHtml(html, { ...context, network }, {
        source: 'url',
        url: url.href,
        baseUrl: page.finalUrl,
        documentUrl: page.finalUrl,
        rawPage: page.bytes,
        raw: { contentType: page.contentType || 'text/html', charset },
        facts: {
          source: context.origin?.source ?? 'web',
          method: 'extract',
          requestedUrl: url.href,
          finalUrl: page.finalUrl,
          redirects: page.redirects,
          bytes: page.bytes.byteLength,
          contentType: page.contentType || null,
          charset: { name: charset, decidedBy },
        },
        startedAt,
      });
    }
    case 'html': {
      const base = source.baseUrl ? parseWebUrl(source.baseUrl) : null;
      if (source.baseUrl && !base) {
        throw new OffprintError('invalid-url', `The base address "${source.baseUrl}" is not an http or https address.`);
      }
      const fileUrl = context.htmlFilePath ? pathToFileURL(context.htmlFilePath).href : null;
      const kept = context.kept;
      const rawPage = kept?.bytes ?? new TextEncoder().encode(source.html);
      const raw = kept ? { contentType: kept.contentType || 'text/html', charset: kept.charset } : { contentType: 'text/html; charset=utf-8', charset: 'utf-8' };
      return fromHtml(source.html, context, {
        source: 'html',
        url: base?.href ?? null,
        baseUrl: base?.href ?? null,
        documentUrl: base?.href ?? fileUrl,
        title: source.title,
        rawPage,
        raw,
        facts: {
          source: context.origin?.source ?? 'file',
          method: 'extract',
          requestedUrl: kept?.requestedUrl ?? base?.href ?? fileUrl,
          finalUrl: kept?.finalUrl ?? base?.href ?? null,
          redirects: kept?.redirects ?? [],
          bytes: rawPage.byteLength,
          contentType: kept ? kept.contentType || null : null,
          charset: { name: raw.charset, decidedBy: kept?.decidedBy ?? 'given' },
        },
        startedAt,
      });
    }
    case 'text':
      return fromPlainText(source.text, source.title, context, startedAt);
  }
}

async function fromHtml(
  html: string,
  context: CaptureContext,
  page: {
    source: SaveSource['kind'];
    url: string | null;
    baseUrl: string | null;
    /** What relative links resolve against: the page's address, or the saved file's file: URL. */
    documentUrl: string | null;
    title?: string;
    rawPage: Uint8Array;
    raw: { contentType: string; charset: string };
    facts: CaptureFacts;
    startedAt: number;
  },
): Promise<CapturedArticle> {
  context.onProgress?.('extracting');
  const extractStarted = performance.now();
  const firstPage = await context.extractor.run('extract', html, { baseUrl: page.documentUrl, title: page.title, maxElemsToParse: 50_000 });
  // The first page's extraction only: joining the next pages is mostly fetching them.
  let extractionMs = performance.now() - extractStarted;
  // A multi-page article's next pages come under the same network policy as the page (saved files have none).
  const extracted = page.source === 'url' && context.network ? await joinNextPages(firstPage, { ...context, network: context.network }) : firstPage;
  // Whether the page may use private addresses is decided by the address it was asked for, not where it ended up.
  const { files, outcomes } = context.resolveImages
    ? await context.resolveImages(extracted.images)
    : await fetchImages(extracted.images, { ...context, pageUrl: page.url ?? page.baseUrl });

  const finalizeStarted = performance.now();
  const { bodyHtml, bodyText } = await context.extractor.run('finalize', extracted.contentHtml, context.articleId, outcomes);
  extractionMs += performance.now() - finalizeStarted;
  const capture = buildCaptureReport(page.facts, {
    title: extracted.title,
    text: bodyText,
    canonicalUrl: extracted.canonicalUrl,
    chromeRemoved: await removedChrome(context, html, bodyText),
    outcomes,
    provided: context.providedImages,
    extractionMs,
    startedAt: page.startedAt,
    extractionWarnings: extracted.warnings,
  });
  const lead = outcomes.find((o) => o.file && o.url === extracted.leadImageUrl) ?? outcomes.find((o) => o.file);
  return {
    meta: {
      title: extracted.title,
      byline: extracted.byline,
      siteName: extracted.siteName,
      excerpt: extracted.excerpt,
      lang: extracted.lang,
      dir: extracted.dir,
      publishedTime: extracted.publishedTime,
      url: page.url,
      finalUrl: page.baseUrl,
      canonicalUrl: extracted.canonicalUrl,
      normalizedUrl: page.url ? normalizeArticleUrl(page.url) : null,
      source: page.source,
      raw: page.raw,
      images: imageReport(outcomes),
      leadImage: lead?.file ? assetPath(context.articleId, lead.file) : null,
      capture,
    },
    bodyHtml,
    bodyText,
    rawPage: page.rawPage,
    images: files,
    warnings: extracted.warnings,
  };
}

/** The page furniture the saved copy left out (for the report); a failure only leaves it out of the report. */
async function removedChrome(context: CaptureContext, html: string, bodyText: string): Promise<{ what: string; count: number }[]> {
  try {
    return await context.extractor.run('describeRemovedChrome', html, bodyText);
  } catch (error) {
    // The report says less; the save itself goes on.
    log.warn('The page furniture of a save could not be described for its capture report', error);
    return [];
  }
}

/**
 * An article whose HTML is already the article (a feed item's `content:encoded` or Atom
 * `content`): no extraction, but the same images step (stored locally, under the caller's network
 * policy) and the same sanitising as a page. `url` is the item's page, kept for finding duplicates.
 */
export async function captureArticleHtml(
  html: string,
  page: { url: string | null; baseUrl: string | null; title: string; byline: string | null; publishedTime: string | null; siteName: string | null },
  context: CaptureContext,
): Promise<CapturedArticle> {
  const startedAt = performance.now();
  context.onProgress?.('extracting');
  const prepareStarted = performance.now();
  const prepared = await context.extractor.run('prepareFragment', html, page.baseUrl);
  let extractionMs = performance.now() - prepareStarted;
  const network = context.network ?? (await networkPolicy(page.url ?? page.baseUrl, context));
  const { files, outcomes } = context.resolveImages
    ? await context.resolveImages(prepared.images)
    : await fetchImages(prepared.images, { ...context, network, pageUrl: page.url ?? page.baseUrl });
  const finalizeStarted = performance.now();
  const { bodyHtml, bodyText } = await context.extractor.run('finalize', prepared.contentHtml, context.articleId, outcomes);
  extractionMs += performance.now() - finalizeStarted;
  const rawPage = new TextEncoder().encode(html);
  const capture = buildCaptureReport(
    {
      source: context.origin?.source ?? 'feed',
      method: 'fragment',
      requestedUrl: page.url,
      finalUrl: page.url,
      redirects: [],
      bytes: rawPage.byteLength,
      contentType: null,
      charset: { name: 'utf-8', decidedBy: 'given' },
    },
    { title: page.title, text: bodyText, canonicalUrl: null, chromeRemoved: await removedChrome(context, html, bodyText), outcomes, provided: context.providedImages, extractionMs, startedAt },
  );
  const lead = outcomes.find((o) => o.file);
  return {
    meta: {
      title: page.title,
      byline: page.byline,
      siteName: page.siteName,
      excerpt: bodyText.split(/\n\s*\n/)[0]?.trim().slice(0, 300) || null,
      lang: null,
      dir: null,
      publishedTime: page.publishedTime,
      url: page.url,
      finalUrl: page.url,
      canonicalUrl: null,
      normalizedUrl: page.url ? normalizeArticleUrl(page.url) : null,
      source: 'html',
      raw: { contentType: 'text/html; charset=utf-8', charset: 'utf-8' },
      images: imageReport(outcomes),
      leadImage: lead?.file ? assetPath(context.articleId, lead.file) : null,
      capture,
    },
    bodyHtml,
    bodyText,
    rawPage,
    images: files,
    warnings: [],
  };
}

/** Where a browser's "Save Page As" puts a page's images: `story_files/` beside `story.html`. */
function savedPageFilesDir(htmlFilePath: string): string {
  return join(dirname(htmlFilePath), `${basename(htmlFilePath, extname(htmlFilePath))}_files`);
}

/** Downloads an article's images, reporting progress as "Images n/m". */
export async function fetchImages(
  images: ImageRequest[],
  context: CaptureContext & { pageUrl?: string | null },
): Promise<{ files: Map<string, Uint8Array>; outcomes: ImageOutcome[] }> {
  if (images.length === 0) return { files: new Map(), outcomes: [] };
  return downloadImages(images, {
    fetch: context.fetch,
    limits: context.imageLimits,
    localDir: context.htmlFilePath ? savedPageFilesDir(context.htmlFilePath) : null,
    signal: context.signal,
    network: context.network,
    pageUrl: context.pageUrl,
    lookup: context.lookup,
    onProgress: (done, total) => context.onProgress?.('images', done, total),
  });
}

export function imageReport(outcomes: ImageOutcome[]): ImageReport {
  const failed = outcomes.filter((o) => !o.file).map((o) => ({ url: o.url, reason: o.reason ?? 'not stored' }));
  return { total: outcomes.length, saved: outcomes.length - failed.length, failed };
}

async function fromPlainText(text: string, title: string | undefined, context: CaptureContext, startedAt: number): Promise<CapturedArticle> {
  const article = splitPlainText(text, title);
  const html = article.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const finalizeStarted = performance.now();
  const { bodyHtml, bodyText } = await context.extractor.run('finalize', html, context.articleId, []);
  const rawPage = new TextEncoder().encode(text);
  const capture = buildCaptureReport(
    { source: context.origin?.source ?? 'text', method: 'text', requestedUrl: null, finalUrl: null, redirects: [], bytes: rawPage.byteLength, contentType: 'text/plain; charset=utf-8', charset: { name: 'utf-8', decidedBy: 'given' } },
    { title: article.title, text: bodyText, canonicalUrl: null, chromeRemoved: [], outcomes: [], extractionMs: performance.now() - finalizeStarted, startedAt },
  );
  return {
    meta: {
      title: article.title,
      byline: null,
      siteName: null,
      excerpt: article.paragraphs[0]?.slice(0, 300) ?? null,
      lang: null,
      dir: null,
      publishedTime: null,
      url: null,
      finalUrl: null,
      canonicalUrl: null,
      normalizedUrl: null,
      source: 'text',
      raw: { contentType: 'text/plain; charset=utf-8', charset: 'utf-8' },
      images: { total: 0, saved: 0, failed: [] },
      leadImage: null,
      capture,
    },
    bodyHtml,
    bodyText,
    rawPage,
    images: new Map(),
    warnings: [],
  };
}
