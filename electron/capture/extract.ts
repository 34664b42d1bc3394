import { Readability } from '@mozilla/readability';
import { OffprintError } from '../../shared/errors';
import type { TextDirection } from '../../shared/types';
import { clearLeadMarks, findLead, type Lead, restoreLead } from './article-lead';
import { type NotedBlocks, noteBlocks, restoreBlocks } from './article-restore';
import { removeDateLines, removeLinkSections, removePrompts, removeSeeAlso, removeTablesOfContents, removeTrailingLinkLists } from './article-furniture';
import { collectImages, type ImageRequest } from './image-candidates';
import { type ChromeReport, removeNamedChrome, removePageChrome, unwrapNoscriptText } from './page-chrome';
import { type CandidateShape, candidateShape } from './prose';
import { findNextPage } from './page-sequence';
import { type ParsedPage, parsePage, parseWithJsdom } from './parse-page';
import { sanitizerWindow } from './sanitize';

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
  /** The next page of the same article, when the page links to one (see page-sequence.ts); null otherwise. */
  nextPageUrl: string | null;
}

export interface ExtractOptions {
  /** Where the page came from, for resolving its relative links (a file: URL for a saved page); null when unknown. */
  baseUrl: string | null;
  /** Readability gives up on pages with more elements than this. */
  maxElemsToParse?: number;
  /** A title to use instead of the one found. */
  title?: string;
  /** Steps not to run, for measuring what each one gains (`npm run extraction-score -- --without`). */
  skipSteps?: readonly StepName[];
  /** Image keys start here (a later page of a multi-page article continues the first's numbering). */
  imageKeyOffset?: number;
}

/** The clean-up steps, by name, in the order they run; each may fail on a page and be skipped. */
export const STEP_NAMES = [
  'un-hide the page',
  'unwrap noscript text',
  'remove page chrome',
  'remove tracking images',
  'lazy images',
  'find the lead',
  'note lists and tables',
  'restore lists and tables',
  'remove furniture from the article',
  'restore the lead',
  'remove see-also links',
  'remove link sections',
  'remove trailing link lists',
  'remove tables of contents',
  'remove prompts',
  'remove date lines',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** A clean-up step that threw: extraction starts again without it. */
class StepFailure extends Error {
  constructor(
    readonly step: StepName,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** Attributes where lazy-loading scripts park the real image address. */
const LAZY_SRC_ATTRS = ['data-src', 'data-original', 'data-lazy-src', 'data-lazy', 'data-url', 'data-hi-res-src', 'data-full-src'];
const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset', 'data-original-srcset'];

/**
 * When the clean-up removed more prose than this share of what the article Readability then found
 * holds, the clean-up may have taken part of the article: bare Readability is asked too (see chooseCandidate).
 */
const SUSPECT_REMOVED_SHARE = 0.25;
/** An article candidate with more of its text in links than this is a list of links, not an article. */
const LINK_HEAVY = 0.5;

/** Facts about the page read before anything edits it: Readability may take the document apart. */
interface PageFacts {
  canonicalUrl: string | null;
  leadImageUrl: string | null;
  lang: string | null;
  dir: string | null;
  title: string;
  /** The page's own summary (og:description or its description meta tag). */
  description: string | null;
  nextPageUrl: string | null;
  baseURI: string;
}

/** One article Readability found, with what the guard compares it by. */
interface Candidate {
  parsed: NonNullable<ReturnType<Readability<Element>['parse']>> & { content: Element };
  shape: CandidateShape;
}

/**
 * Extracts the article from a page: Offprint's clean-up before and after Mozilla Readability (on
 * linkedom, see parsePage), and a guard that compares the result with bare Readability's when the
 * clean-up may have cost the article. The page's scripts never run and nothing it references is loaded.
 *
 * Never fails because a step did: a clean-up step that throws is skipped (extraction starts again
 * without it, and `warnings` says so); if Readability itself throws, bare Readability, then
 * Readability on jsdom, is tried. Only a page with no article text at all fails.
 */
export function extractArticle(html: string, options: ExtractOptions): ExtractedPage {
  const warnings: string[] = [];
  const skip = new Set<StepName>(options.skipSteps);
  for (;;) {
    try {
      return extractOnce(html, options, skip, warnings);
    } catch (error) {
      if (!(error instanceof StepFailure) || skip.has(error.step)) throw error;
      warnings.push(`The "${error.step}" step failed on this page (${error.message}), so the article was saved without it.`);
      skip.add(error.step);
    }
  }
}

function extractOnce(html: string, options: ExtractOptions, skip: Set<StepName>, warnings: string[]): ExtractedPage {
  const page = parsePage(html, options.baseUrl);
  let facts: PageFacts;
  let cleaned: Candidate | null = null;
  let chrome: ChromeReport | null = null;
  let lead: Lead | null = null;
  let noted: NotedBlocks = new Map();
  let readabilityError: unknown = null;
  const step = (name: StepName, run: () => void) => {
    if (skip.has(name)) return;
    try {
      run();
    } catch (error) {
      throw new StepFailure(name, error);
    }
  };
  try {
    checkSize(page.doc, options.maxElemsToParse ?? 0);
    facts = readFacts(page.doc);
    step('un-hide the page', () => unhideRoot(page.doc));
    step('unwrap noscript text', () => unwrapNoscriptText(page.doc));
    step('remove page chrome', () => {
      chrome = removePageChrome(page.doc);
    });
    step('remove tracking images', () => removeTrackingImages(page.doc));
    step('lazy images', () => moveLazySources(page.doc));
    step('find the lead', () => {
      lead = findLead(page.doc, facts.description, (chrome as ChromeReport | null)?.paragraphs);
    });
    step('note lists and tables', () => {
      if (page.doc.body) noted = noteBlocks(page.doc.body, facts.baseURI);
    });
    try {
      cleaned = readArticle(page.doc, options);
    } catch (error) {
      readabilityError = error;
    }
  } finally {
    page.close();
  }

  let chosen = cleaned as Candidate | null;
  const removed = (chrome as ChromeReport | null)?.proseRemoved ?? 0;
  if (!chosen || chosen.shape.linkDensity > LINK_HEAVY || removed > SUSPECT_REMOVED_SHARE * chosen.shape.prose) {
    // The guard: what does Readability find on the page as it came, without Offprint's clean-up?
    const bare = bareArticle(html, options, chosen === null);
    if (!chosen && bare.candidate && readabilityError) {
      warnings.push(`Readability failed after Offprint's clean-up (${messageOf(readabilityError)}), so the article was read from the page as it came.`);
    } else if (!chosen && !bare.candidate && (readabilityError || bare.error)) {
      warnings.push(`Readability could not read this page (${messageOf(readabilityError ?? bare.error)}).`);
    }
    chosen = chooseCandidate(chosen, bare.candidate);
  }
  if (!chosen) {
    if (readabilityError instanceof OffprintError) throw readabilityError;
    throw new OffprintError('extraction-failed', 'Offprint could not find an article on that page.');
  }
  const article = chosen.parsed.content;
  step('restore lists and tables', () => restoreBlocks(article, noted));
  step('remove furniture from the article', () => {
    removeNamedChrome(article);
  });
  step('restore the lead', () => restoreLead(article, lead));
  step('remove see-also links', () => removeSeeAlso(article));
  step('remove link sections', () => removeLinkSections(article));
  step('remove trailing link lists', () => removeTrailingLinkLists(article));
  step('remove tables of contents', () => removeTablesOfContents(article, facts.baseURI));
  step('remove prompts', () => removePrompts(article));
  step('remove date lines', () => removeDateLines(article, clean(chosen!.parsed.publishedTime) !== null));
  // Classes were kept for the steps above only (the sanitiser would drop them anyway), marks too.
  for (const element of Array.from(article.querySelectorAll('[class]'))) element.removeAttribute('class');
  clearLeadMarks(article);
  return finish(chosen, facts!, options, warnings);
}

/**
 * Picks between the article found after Offprint's clean-up and the one bare Readability finds on
 * the same page. The clean-up's is preferred (it has no menus or hidden blocks), unless it is mostly
 * links and the bare one is not, or the bare one has clearly more prose in more paragraphs (the
 * clean-up took part of the article). Prose, not text: the bare one also has the furniture, which
 * is short or links.
 */
export function chooseCandidate<T extends { shape: CandidateShape }>(cleaned: T | null, bare: T | null): T | null {
  if (!cleaned || !bare) return cleaned ?? bare;
  const a = cleaned.shape;
  const b = bare.shape;
  if (a.linkDensity > LINK_HEAVY && b.linkDensity <= LINK_HEAVY && b.prose >= a.prose) return bare;
  if (b.linkDensity > LINK_HEAVY && a.linkDensity <= LINK_HEAVY) return cleaned;
  if (b.prose > 1.5 * a.prose + 200 && b.paragraphs > a.paragraphs) return bare;
  return cleaned;
}

/**
 * Bare Readability on a fresh parse of the page (on jsdom too when `hard`, if linkedom's fails):
 * none of the clean-up, only the repairs that lose nothing (a hidden page shown, lazy images' addresses).
 */
function bareArticle(html: string, options: ExtractOptions, hard: boolean): { candidate: Candidate | null; error: unknown } {
  const parsers: ((h: string, b: string | null) => ParsedPage)[] = hard ? [parsePage, parseWithJsdom] : [parsePage];
  let error: unknown = null;
  for (const parse of parsers) {
    const page = parse(html, options.baseUrl);
    try {
      for (const repair of [unhideRoot, removeTrackingImages, moveLazySources]) {
        try {
          repair(page.doc);
        } catch {
          // Already reported by the clean-up's own run, if it failed there; the bare reading goes on without it.
        }
      }
      return { candidate: readArticle(page.doc, options), error: null };
    } catch (e) {
      error = e;
    } finally {
      page.close();
    }
  }
  return { candidate: null, error };
}

/** Readability on a document; null when it finds no article text. Throws what Readability throws. */
function readArticle(doc: Document, options: ExtractOptions): Candidate | null {
  const reader = new Readability<Element>(doc, {
    maxElemsToParse: options.maxElemsToParse ?? 0,
    // Kept for the furniture-by-name step, which runs on the article; removed after it.
    keepClasses: true,
    // Keep the DOM: the images are picked from it before it is serialised.
    serializer: (el) => el as Element,
  });
  const parsed = reader.parse();
  if (!parsed || !parsed.content || !(parsed.textContent ?? '').trim()) return null;
  return { parsed: parsed as Candidate['parsed'], shape: candidateShape(parsed.content) };
}

function finish(chosen: Candidate, facts: PageFacts, options: ExtractOptions, warnings: string[]): ExtractedPage {
  const { parsed } = chosen;
  const images = collectImages(parsed.content, facts.baseURI);
  const offset = options.imageKeyOffset ?? 0;
  if (offset > 0) {
    const renumber = (key: string) => String(Number(key) + offset);
    for (const img of Array.from(parsed.content.querySelectorAll('img[data-offprint-key]'))) img.setAttribute('data-offprint-key', renumber(img.getAttribute('data-offprint-key')!));
    for (const image of images) image.key = renumber(image.key);
  }
  const dir = (parsed.dir ?? facts.dir ?? '').toLowerCase();
  return {
    // Titles are kept exactly as the page gives them (only trimmed).
    title: options.title?.trim() || parsed.title?.trim() || facts.title || 'Untitled',
    byline: clean(parsed.byline),
    siteName: clean(parsed.siteName),
    excerpt: clean(parsed.excerpt),
    lang: clean(parsed.lang) ?? clean(facts.lang),
    dir: dir === 'rtl' || dir === 'ltr' ? dir : null,
    publishedTime: clean(parsed.publishedTime),
    canonicalUrl: facts.canonicalUrl,
    leadImageUrl: facts.leadImageUrl,
    contentHtml: parsed.content.innerHTML,
    images,
    warnings,
    nextPageUrl: facts.nextPageUrl,
  };
}

/** Fails fast on a page too large to read, before any of the slower steps walk it. */
function checkSize(doc: Document, limit: number): void {
  if (limit <= 0) return;
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

/** Everything read from the page as a whole, before Readability runs (it may move `<html>` out of the document). */
function readFacts(doc: Document): PageFacts {
  const root = doc.documentElement as Element | null;
  return {
    canonicalUrl: absoluteUrl(doc.querySelector('link[rel~="canonical" i]')?.getAttribute('href'), doc.baseURI),
    leadImageUrl: absoluteUrl(doc.querySelector('meta[property="og:image" i], meta[name="twitter:image" i]')?.getAttribute('content'), doc.baseURI),
    lang: root?.getAttribute('lang') ?? null,
    dir: root?.getAttribute('dir') ?? null,
    title: (doc.querySelector('title')?.textContent ?? '').trim(),
    description: describedAs(doc),
    nextPageUrl: findNextPage(doc, doc.documentURI, doc.baseURI),
    baseURI: doc.baseURI,
  };
}

/** The page's summary of itself: og:description, else its description or twitter:description meta tag. */
function describedAs(doc: Document): string | null {
  const found = new Map<string, string>();
  for (const meta of Array.from(doc.querySelectorAll('meta[content]'))) {
    const key = (meta.getAttribute('property') ?? meta.getAttribute('name') ?? '').toLowerCase();
    const content = meta.getAttribute('content')?.trim();
    if (content && !found.has(key)) found.set(key, content);
  }
  return found.get('og:description') ?? found.get('description') ?? found.get('twitter:description') ?? null;
}

/**
 * Shows a page hidden as a whole. Pages hide `<html>` or `<body>` until their scripts have run
 * (`style="visibility:hidden"`, `hidden`, `aria-hidden`, against a flash of unstyled content);
 * Readability skips invisible elements, starting from `<html>`, and would take it out of the
 * document, reading the page without scoring it.
 */
function unhideRoot(doc: Document): void {
  for (const element of [doc.documentElement, doc.body]) {
    if (!element) continue;
    for (const name of ['hidden', 'aria-hidden', 'style']) element.removeAttribute(name);
  }
}

/**
 * HTML that is already an article (a feed item's content): its lazy-loaded images put in place,
 * tracking pixels removed and every image marked for the images step, as for an extracted page.
 * Not yet safe to show: finalize sanitises it.
 */
export function prepareFragment(html: string, baseUrl: string | null): { contentHtml: string; images: ImageRequest[] } {
  // A template's content is inert: nothing in it loads or runs while it is parsed.
  const template = sanitizerWindow().document.createElement('template');
  template.innerHTML = html;
  const root = template.content;
  for (const element of Array.from(root.querySelectorAll('script, style, iframe, frame, object, embed, form, noscript'))) element.remove();
  removeTrackingImages(root);
  moveLazySources(root);
  const wrapper = sanitizerWindow().document.createElement('div');
  wrapper.append(root);
  const images = collectImages(wrapper, baseUrl ?? 'about:blank');
  return { contentHtml: wrapper.innerHTML, images };
}

/** 1×1 (or 2×2) images are tracking pixels, not pictures. */
function removeTrackingImages(doc: ParentNode): void {
  for (const img of Array.from(doc.querySelectorAll('img'))) {
    const width = Number(img.getAttribute('width'));
    const height = Number(img.getAttribute('height'));
    if ((width > 0 && width <= 2) || (height > 0 && height <= 2)) img.remove();
  }
}

/** Puts lazy-loaded image addresses where Readability and the image step look. */
function moveLazySources(doc: ParentNode): void {
  for (const img of Array.from(doc.querySelectorAll('img'))) {
    const lazy = LAZY_SRC_ATTRS.map((a) => img.getAttribute(a)).find((v) => v && v.trim());
    if (lazy) img.setAttribute('src', lazy.trim());
    const lazySet = LAZY_SRCSET_ATTRS.map((a) => img.getAttribute(a)).find((v) => v && v.trim());
    if (lazySet) img.setAttribute('srcset', lazySet.trim());
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
