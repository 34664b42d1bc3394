import { Readability } from '@mozilla/readability';
import { OffprintError } from '../../shared/errors';
import { collectImages, type ImageRequest } from './image-candidates';
import type { TextDirection } from '../../shared/types';
import { parsePage } from './parse-page';

/** What extraction found in a page, before images are stored and the HTML is sanitised. */
export interface ExtractedPage {
  title: string;
  byline: string | null;
  siteName: string | null;
  excerpt: string | null;
  lang: string | null;
  dir: TextDirection | null;
  publishedTime: string | null;
  canonicalUrl: string | null;
  leadImageUrl: string | null;
  /** Article HTML as Readability left it, each image marked with `data-offprint-key`: not yet safe to show. */
  contentHtml: string;
  /** The article's images, each with its candidate addresses, best first. */
  images: ImageRequest[];
  /** What extraction had to do without on this page (a step that failed and was skipped), in words; empty normally. */
  warnings: string[];
}

export interface ExtractOptions {
  /** Where the page came from, for resolving its relative links (a file: URL for a saved page); null when unknown. */
  baseUrl: string | null;
  /** Readability gives up on pages with more elements than this. */
  maxElemsToParse?: number;
  /** A title to use instead of the one found. */
  title?: string;
}

/**
 * Page furniture that news sites put around (and inside) their articles. Removed before extraction,
 * so none of it can slip into a saved copy even where Readability would keep it.
 */
const CHROME_SELECTORS = [
  // <script> stays: Readability reads JSON-LD metadata from it, then removes every script itself.
  'style', 'noscript', 'iframe', 'frame', 'object', 'embed', 'form', 'button', 'nav', 'dialog',
  '[role="dialog"]', '[role="navigation"]', '[role="banner"]', '[role="complementary"]', '[role="progressbar"]',
  '[aria-hidden="true"]:not(img)', '[hidden]',
  'a[href^="#"][class*="skip" i]', 'a[class*="skip-link" i]', '[class~="skip"]',
  '[id*="progress" i]', '[class*="progress" i]',
  '[class*="share" i]', '[id*="share" i]', '[class*="social" i]', '[class*="sns" i]',
  '[class*="most_viewed" i]', '[class*="most-viewed" i]', '[class*="mostviewed" i]', '[class*="most-read" i]', '[class*="popular" i]',
  '[class*="txt_size" i]', '[class*="text-size" i]', '[class*="font-size" i]', '[class*="fontsize" i]',
  '[class*="btn_top" i]', '[class*="back-to-top" i]', '[class*="backtotop" i]', '[class*="go-top" i]',
  '[class~="ad"]', '[class^="ad_" i]', '[class*=" ad_" i]', '[class^="ad-" i]', '[class*=" ad-" i]', '[class*="advert" i]', '[id^="ad_" i]', '[id^="ad-" i]', '[id*="advert" i]',
  '[class*="newsletter" i]', '[class*="subscribe" i]', '[class*="follow-us" i]',
];

/** Attributes where lazy-loading scripts park the real image address. */
const LAZY_SRC_ATTRS = ['data-src', 'data-original', 'data-lazy-src', 'data-lazy', 'data-url', 'data-hi-res-src', 'data-full-src'];
const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset', 'data-original-srcset'];

/**
 * Extracts the article from a page with Mozilla Readability (on linkedom, see parsePage).
 * The page's scripts never run and nothing it references is loaded.
 */
export function extractArticle(html: string, options: ExtractOptions): ExtractedPage {
  const { doc, close } = parsePage(html, options.baseUrl);
  try {
    // Fail fast on a page too large to read, before any of the slower steps walk it.
    const limit = options.maxElemsToParse ?? 0;
    if (limit > 0) {
      // querySelectorAll, not getElementsByTagName('*'): linkedom answers 0 to the latter (which also
      // silently disables Readability's own maxElemsToParse there).
      const count = doc.querySelectorAll('*').length;
      if (count > limit) {
        throw new OffprintError(
          'extraction-failed',
          `That page has ${count.toLocaleString('en')} elements, more than Offprint reads (${limit.toLocaleString('en')}); it is not a readable article.`,
        );
      }
    }
    const canonicalUrl = absoluteUrl(doc.querySelector('link[rel~="canonical" i]')?.getAttribute('href'), doc.baseURI);
    const leadImageUrl = absoluteUrl(
      doc.querySelector('meta[property="og:image" i], meta[name="twitter:image" i]')?.getAttribute('content'),
      doc.baseURI,
    );
    prepareDocument(doc);
    const reader = new Readability<Element>(doc, {
      maxElemsToParse: options.maxElemsToParse ?? 0,
      keepClasses: false,
      // Keep the DOM: the images are picked from it before it is serialised.
      serializer: (el) => el as Element,
    });
    let parsed: ReturnType<Readability<Element>['parse']>;
    try {
      parsed = reader.parse();
    } catch (error) {
      throw new OffprintError('extraction-failed', `Offprint could not find an article on that page: ${(error as Error).message}`, { cause: error });
    }
    if (!parsed || !parsed.content || !(parsed.textContent ?? '').trim()) {
      throw new OffprintError('extraction-failed', 'Offprint could not find an article on that page.');
    }
    const images = collectImages(parsed.content, doc.baseURI);
    const dir = (parsed.dir ?? doc.documentElement.getAttribute('dir') ?? '').toLowerCase();
    return {
      // Titles are kept exactly as the page gives them (only trimmed).
      title: options.title?.trim() || parsed.title?.trim() || doc.title.trim() || 'Untitled',
      byline: clean(parsed.byline),
      siteName: clean(parsed.siteName),
      excerpt: clean(parsed.excerpt),
      lang: clean(parsed.lang) ?? clean(doc.documentElement.getAttribute('lang')),
      dir: dir === 'rtl' || dir === 'ltr' ? dir : null,
      publishedTime: clean(parsed.publishedTime),
      canonicalUrl,
      leadImageUrl,
      contentHtml: parsed.content.innerHTML,
      images,
      warnings: [],
    };
  } finally {
    close();
  }
}

/** Removes page chrome and tracking pixels, and puts lazy-loaded image addresses where Readability and the image step look. */
function prepareDocument(doc: Document): void {
  for (const element of doc.querySelectorAll(CHROME_SELECTORS.join(','))) {
    // Never remove the article itself because a wrapper happens to match.
    if (element.querySelector('article, [itemprop="articleBody"]') || element.matches('article, main, body, html')) continue;
    element.remove();
  }
  for (const img of doc.querySelectorAll('img')) {
    const width = Number(img.getAttribute('width'));
    const height = Number(img.getAttribute('height'));
    if ((width > 0 && width <= 2) || (height > 0 && height <= 2)) {
      img.remove();
      continue;
    }
    const lazy = LAZY_SRC_ATTRS.map((a) => img.getAttribute(a)).find((v) => v && v.trim());
    if (lazy) img.setAttribute('src', lazy.trim());
    const lazySet = LAZY_SRCSET_ATTRS.map((a) => img.getAttribute(a)).find((v) => v && v.trim());
    if (lazySet) img.setAttribute('srcset', lazySet.trim());
  }
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}

function absoluteUrl(href: string | null | undefined, base: string): string | null {
  if (!href?.trim()) return null;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

