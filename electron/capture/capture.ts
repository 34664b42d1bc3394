import { OffprintError } from '../../shared/errors';
import { escapeHtml, splitPlainText } from '../../shared/plain-text';
import type { SaveSource, TextDirection } from '../../shared/types';
import { normalizeArticleUrl, parseWebUrl } from '../../shared/url';
import { decodeHtml } from './decode';
import { extractArticle } from './extract';
import { type FetchFn, type FetchLimits, fetchResource, requireWebUrl } from './fetch-page';
import { sanitizeArticleHtml } from './sanitize';
import { htmlToText } from './text';

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
  };
  bodyHtml: string;
  bodyText: string;
  rawPage: Uint8Array | null;
}

export interface CaptureOptions {
  fetch?: FetchFn;
  limits?: Partial<FetchLimits>;
  signal?: AbortSignal;
}

/** Fetches (if needed), decodes, extracts and sanitises an article from any of the ways in. */
export async function captureArticle(source: SaveSource, options: CaptureOptions = {}): Promise<CapturedArticle> {
  switch (source.kind) {
    case 'url': {
      const url = requireWebUrl(source.url);
      const page = await fetchResource(url.href, { fetch: options.fetch, limits: options.limits, signal: options.signal });
      const { html, charset } = decodeHtml(page.bytes, page.contentType);
      return fromHtml(html, {
        source: 'url',
        url: url.href,
        baseUrl: page.finalUrl,
        rawPage: page.bytes,
        raw: { contentType: page.contentType || 'text/html', charset },
      });
    }
    case 'html': {
      const base = source.baseUrl ? parseWebUrl(source.baseUrl) : null;
      if (source.baseUrl && !base) {
        throw new OffprintError('invalid-url', `The base address "${source.baseUrl}" is not an http or https address.`);
      }
      return fromHtml(source.html, {
        source: 'html',
        url: base?.href ?? null,
        baseUrl: base?.href ?? null,
        title: source.title,
        rawPage: new TextEncoder().encode(source.html),
        raw: { contentType: 'text/html; charset=utf-8', charset: 'utf-8' },
      });
    }
    case 'text':
      return fromPlainText(source.text, source.title);
  }
}

function fromHtml(
  html: string,
  context: {
    source: SaveSource['kind'];
    url: string | null;
    baseUrl: string | null;
    title?: string;
    rawPage: Uint8Array;
    raw: { contentType: string; charset: string };
  },
): CapturedArticle {
  const page = extractArticle(html, { baseUrl: context.baseUrl, title: context.title });
  const bodyHtml = sanitizeArticleHtml(page.contentHtml);
  const bodyText = htmlToText(bodyHtml);
  return {
    meta: {
      title: page.title,
      byline: page.byline,
      siteName: page.siteName,
      excerpt: page.excerpt,
      lang: page.lang,
      dir: page.dir,
      publishedTime: page.publishedTime,
      url: context.url,
      finalUrl: context.baseUrl,
      canonicalUrl: page.canonicalUrl,
      normalizedUrl: context.url ? normalizeArticleUrl(context.url) : null,
      source: context.source,
      raw: context.raw,
    },
    bodyHtml,
    bodyText,
    rawPage: context.rawPage,
  };
}

function fromPlainText(text: string, title?: string): CapturedArticle {
  const article = splitPlainText(text, title);
  const html = article.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const bodyHtml = sanitizeArticleHtml(html);
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
    },
    bodyHtml,
    bodyText: article.paragraphs.join('\n\n'),
    rawPage: new TextEncoder().encode(text),
  };
}
