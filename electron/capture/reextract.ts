import { fileURLToPath } from 'node:url';
import type { CaptureMethod, CaptureReport, CaptureSource, CharsetDecision, RedecodeCharset } from '../../shared/capture-report';
import { OffprintError } from '../../shared/errors';
import { type CaptureContext, type CapturedArticle, captureArticle, captureArticleHtml } from './capture';
import { decodeHtmlExplained, decodeWithCharset } from './decode';
import type { Extractor } from './extractor';
import type { ImageOutcome, ImageRequest } from './images';
import type { NetworkPolicy } from './network/network-policy';

/**
 * Re-extraction (issue 16): an article made again from its kept page (raw.html) with the current
 * code, offline. Its images come from the copies it already has (matched by the address each came
 * from); one the new extraction finds that was never stored stays missing, for "Retry missing
 * images". "Re-decode as…" is the same with the charset the reader chose.
 */

/** What re-extraction needs of a stored article (the library's record has these fields). */
export interface KeptArticle {
  id: string;
  source: 'url' | 'html' | 'text';
  url: string | null;
  finalUrl: string | null;
  normalizedUrl: string | null;
  title: string;
  byline: string | null;
  siteName: string | null;
  publishedTime: string | null;
  raw: { contentType: string; charset: string } | null;
  capture?: CaptureReport;
  /** Present on articles a feed brought in. */
  feed?: unknown;
  /** The kept page, exactly as stored. */
  rawPage: Uint8Array;
  /** The stored body, for the images it already has. */
  bodyHtml: string;
}

export const NOT_KEPT_REASON = 'not in the kept copy: re-extraction works offline (Retry missing images fetches it)';

/** Whether the kept page is the bytes as they came (so "Re-decode as…" means something), and why not. */
export function redecodable(article: Pick<KeptArticle, 'source' | 'capture'>): string | null {
  const capture = article.capture;
  if (capture ? capture.method === 'text' : article.source === 'text') return 'It was saved as plain text, already decoded.';
  if (capture?.source === 'extension') return 'The browser decoded it before handing it over: if it reads wrong there too, the page itself is wrong.';
  if (capture ? capture.charset?.decidedBy === 'given' || capture.method === 'fragment' : article.source !== 'url') return 'It was given to Offprint as text (pasted HTML or a feed item), so there are no original bytes to read again.';
  return null;
}

/** Makes the article again from its kept page; `charset` re-decodes it as the reader chose. */
export async function reextractArticle(article: KeptArticle, extractor: Extractor, options: { charset?: RedecodeCharset } = {}): Promise<CapturedArticle> {
  if (options.charset) {
    const why = redecodable(article);
    if (why) throw new OffprintError('invalid-argument', `This article cannot be re-decoded: ${why}`);
  }
  const kept = new Map(await extractor.run('keptImages', article.bodyHtml, article.id));
  const context: CaptureContext = {
    extractor,
    articleId: article.id,
    network: OFFLINE,
    origin: { source: sourceOf(article) },
    resolveImages: async (requests) => fromKeptImages(requests, kept),
  };
  const previous = article.capture;
  const method: CaptureMethod = previous?.method ?? (article.source === 'text' ? 'text' : article.source === 'html' && article.feed ? 'fragment' : 'extract');
  let captured: CapturedArticle;
  if (method === 'text') {
    captured = await captureArticle({ kind: 'text', text: new TextDecoder().decode(article.rawPage), title: article.title }, context);
  } else if (method === 'fragment') {
    const html = new TextDecoder().decode(article.rawPage);
    captured = await captureArticleHtml(
      html,
      { url: article.url, baseUrl: article.finalUrl ?? article.url, title: article.title, byline: article.byline, publishedTime: article.publishedTime, siteName: article.siteName },
      context,
    );
  } else {
    const decoded = decode(article, options.charset);
    const documentUrl = article.finalUrl ?? article.url ?? previous?.requestedUrl ?? null;
    const fileUrl = documentUrl?.startsWith('file:') ? documentUrl : null;
    captured = await captureArticle(
      { kind: 'html', html: decoded.html, ...(documentUrl && !fileUrl ? { baseUrl: documentUrl } : {}) },
      {
        ...context,
        // Only where its relative links pointed: images are never read from disk here (resolveImages answers them).
        ...(fileUrl ? { htmlFilePath: fileURLToPath(fileUrl) } : {}),
        kept: {
          bytes: article.rawPage,
          contentType: article.raw?.contentType ?? '',
          charset: decoded.charset,
          decidedBy: decoded.decidedBy,
          requestedUrl: previous?.requestedUrl ?? article.url,
          finalUrl: article.finalUrl,
          redirects: previous?.redirects ?? [],
        },
      },
    );
    captured.meta = { ...captured.meta, raw: { contentType: article.raw?.contentType ?? captured.meta.raw?.contentType ?? 'text/html', charset: decoded.charset } };
  }
  // What the article is and where it came from stay; what was made from the page is new.
  const report: CaptureReport = {
    ...captured.meta.capture,
    source: previous?.source ?? captured.meta.capture.source,
    capturedAt: previous?.capturedAt ?? captured.meta.capture.capturedAt,
    requestedUrl: previous?.requestedUrl ?? captured.meta.capture.requestedUrl,
    finalUrl: previous?.finalUrl ?? captured.meta.capture.finalUrl,
    redirects: previous?.redirects ?? captured.meta.capture.redirects,
    contentType: previous?.contentType ?? captured.meta.capture.contentType,
    reextractedAt: new Date().toISOString(),
  };
  captured.meta = { ...captured.meta, url: article.url, finalUrl: article.finalUrl, normalizedUrl: article.normalizedUrl, source: article.source, capture: report };
  return captured;
}

/** The page's text: decoded as the reader chose, as they chose before, as it was given, or decided again by the current rules. */
function decode(article: KeptArticle, chosen: RedecodeCharset | undefined): { html: string; charset: string; decidedBy: CharsetDecision } {
  if (chosen) return { ...decodeWithText(article.rawPage, chosen), decidedBy: 'reader' };
  const before = article.capture?.charset;
  if (before?.decidedBy === 'reader') return { ...decodeWithText(article.rawPage, before.name), decidedBy: 'reader' };
  if (redecodable(article)) return { ...decodeWithText(article.rawPage, 'utf-8'), decidedBy: 'given' };
  return decodeHtmlExplained(article.rawPage, article.raw?.contentType ?? '');
}

function decodeWithText(bytes: Uint8Array, charset: string): { html: string; charset: string } {
  const { text, charset: used } = decodeWithCharset(bytes, charset);
  return { html: text, charset: used };
}

function sourceOf(article: KeptArticle): CaptureSource {
  if (article.capture) return article.capture.source;
  if (article.feed) return 'feed';
  return article.source === 'url' ? 'web' : article.source === 'html' ? 'file' : 'text';
}

/** Each image from the copy the article already has, by any of its addresses; nothing is fetched. */
function fromKeptImages(requests: ImageRequest[], kept: Map<string, string>): { files: Map<string, Uint8Array>; outcomes: ImageOutcome[] } {
  const outcomes = requests.map((request): ImageOutcome => {
    const url = request.urls.find((u) => kept.has(u));
    return url ? { key: request.key, url, file: kept.get(url)!, reason: null } : { key: request.key, url: request.urls[0] ?? '', file: null, reason: NOT_KEPT_REASON };
  });
  // The files are in the article's folder already.
  return { files: new Map(), outcomes };
}

/** The network of a re-extraction: there is none. */
const OFFLINE: NetworkPolicy = {
  intranet: false,
  fetch: async () => {
    throw new OffprintError('refused', NOT_KEPT_REASON);
  },
  refuse: async () => NOT_KEPT_REASON,
};
