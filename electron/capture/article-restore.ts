import { ORDER } from './article-lead';

/**
 * Lists, tables and figures that Readability cut out of the middle of the article. Its clean-up
 * drops a block with more list items than paragraphs, little text or a few links (an ingredient
 * list, a table of fares, a photo with its caption and credit) even when it stands between two
 * paragraphs it kept. Before Readability each such block is noted with the paragraphs just before
 * and after it on the page; after, one that is missing while both of those paragraphs are in the
 * article is put back between them.
 */

const KEEP = 'data-offprint-keep';
/** A list or table with more of its text in links than this is a list of links, not content. */
const MAX_LINK_DENSITY = 0.3;

interface Noted {
  copy: Element;
  /** The numbers (see ORDER) of the paragraphs just before and after it on the page. */
  before: number;
  after: number;
}

export type NotedBlocks = Map<string, Noted>;

function textLength(el: Element): number {
  return (el.textContent ?? '').replace(/\s+/g, '').length;
}

function linkLength(el: Element): number {
  return Array.from(el.querySelectorAll('a')).reduce((n, a) => n + textLength(a), 0);
}

/**
 * Content rather than furniture: a list or table with its text mostly outside links, or a picture
 * with its caption (one picture, not a link to another page: a grid of teasers is not a figure).
 */
function worthKeeping(el: Element): boolean {
  if (el.localName === 'figure') {
    const caption = el.querySelector('figcaption');
    const images = el.querySelectorAll('img, picture > source').length;
    if (!caption || images === 0 || el.querySelectorAll('img').length > 1 || el.querySelector('img')?.closest('a')) return false;
    return textLength(caption) > 0 && linkLength(caption) < textLength(caption) * 0.5;
  }
  if (el.localName === 'table' && (el.querySelector('table') || el.querySelectorAll('tr').length < 2)) return false;
  const text = textLength(el);
  return text >= 20 && linkLength(el) <= text * MAX_LINK_DENSITY;
}

/**
 * Before Readability (after the lead step has numbered the paragraphs): notes every list, table and
 * figure that stands between two numbered paragraphs and holds none itself.
 */
export function noteBlocks(root: Element, baseUrl: string): NotedBlocks {
  const noted: NotedBlocks = new Map();
  let lastParagraph = -1;
  const open: { el: Element; before: number }[] = [];
  // One walk in document order: a block's neighbours are the last paragraph before it and the first after it.
  const stack: { el: Element; leaving: boolean }[] = [{ el: root, leaving: false }];
  while (stack.length) {
    const { el, leaving } = stack.pop()!;
    if (leaving) {
      const entry = open.pop()!;
      if (entry.before >= 0 && lastParagraph === entry.before && worthKeeping(el)) {
        const key = String(noted.size);
        el.setAttribute(KEEP, key);
        noted.set(key, { copy: absoluteCopy(el, baseUrl), before: entry.before, after: -1 });
      }
      continue;
    }
    const order = el.getAttribute(ORDER);
    if (order !== null) {
      const n = Number(order);
      for (const entry of noted.values()) if (entry.after === -1) entry.after = n;
      lastParagraph = n;
    }
    const name = el.localName;
    if ((name === 'ul' || name === 'ol' || name === 'dl' || name === 'table' || name === 'figure') && open.length === 0) {
      open.push({ el, before: lastParagraph });
      stack.push({ el, leaving: true });
    }
    for (let child = el.lastElementChild; child; child = child.previousElementSibling) stack.push({ el: child, leaving: false });
  }
  for (const [key, entry] of noted) if (entry.after === -1) noted.delete(key);
  return noted;
}

/** A copy whose links and images point where they did on the page (Readability does this for what it keeps). */
function absoluteCopy(el: Element, baseUrl: string): Element {
  const copy = el.cloneNode(true) as Element;
  // Readability removes these from what it keeps; a copy taken before it ran still has them.
  for (const node of Array.from(copy.querySelectorAll('script, style, noscript, svg, button, form, input, select, textarea'))) node.remove();
  for (const [selector, attribute] of [['a[href]', 'href'], ['img[src]', 'src']] as const) {
    for (const node of Array.from(copy.querySelectorAll(selector))) {
      const value = node.getAttribute(attribute)!;
      if (value.startsWith('#')) continue;
      try {
        node.setAttribute(attribute, new URL(value, baseUrl).href);
      } catch {
        // Not an address (or no base to resolve it against): left as it is, for the sanitiser to judge.
      }
    }
  }
  return copy;
}

/** After Readability: puts back each noted block that is missing while its two neighbours are in the article. */
export function restoreBlocks(article: Element, noted: NotedBlocks): number {
  if (noted.size === 0) return 0;
  const present = new Set(Array.from(article.querySelectorAll(`[${KEEP}]`)).map((el) => el.getAttribute(KEEP)));
  const paragraphs = new Map<number, Element>();
  for (const el of Array.from(article.querySelectorAll(`[${ORDER}]`))) paragraphs.set(Number(el.getAttribute(ORDER)), el);
  let restored = 0;
  for (const [key, entry] of noted) {
    if (present.has(key)) continue;
    const before = paragraphs.get(entry.before);
    const after = paragraphs.get(entry.after);
    if (!before || !after || !after.parentElement) continue;
    after.parentElement.insertBefore(entry.copy, after);
    restored++;
  }
  for (const el of Array.from(article.querySelectorAll(`[${KEEP}]`))) el.removeAttribute(KEEP);
  return restored;
}
