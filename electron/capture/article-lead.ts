import { measureProse } from './prose';

/**
 * The lead (standfirst, deck, teaser paragraph) of a news article often sits in the article's header,
 * beside the headline, outside the block Readability picks, and is lost. The page usually says
 * which text it is: its description (`og:description`, `<meta name="description">`) is the lead,
 * word for word or cut short. So the paragraph that says the same, shortly before the article's first
 * paragraph, is put back at the start of the article.
 */

/** Each paragraph of prose on the page, numbered in document order before Readability moves them. */
export const ORDER = 'data-offprint-order';
/** The lead's place on the page, to see whether Readability kept it. */
const LEAD = 'data-offprint-lead';
/** At most this many paragraphs may stand between the lead and the article's first (a photo caption, a byline). */
const MAX_GAP = 3;
/** A description shorter than this is a slogan or a site's tagline, not a lead. */
const MIN_LEAD_CHARS = 40;

export interface Lead {
  /** A copy of the lead's element, as it was on the page. */
  copy: Element;
  text: string;
  /** Its number among the page's paragraphs (see ORDER). */
  order: number;
}

function normalise(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** True when `text` is the description, or the description cut short ("…"), or nearly all of it. */
function saysTheSame(text: string, description: string): boolean {
  if (text === description) return true;
  if (text.startsWith(description) && description.length >= MIN_LEAD_CHARS * 2) return true;
  return description.startsWith(text) && text.length >= description.length * 0.8;
}

/**
 * Before Readability: numbers the page's paragraphs (measured here unless given, in document order)
 * and finds the lead, the first paragraph that says what the page's description says and is not
 * mostly a link.
 */
export function findLead(doc: Document, description: string | null, paragraphs?: Element[]): Lead | null {
  const root = doc.body;
  if (!root) return null;
  const blocks = paragraphs ?? measureProse(root).blocks;
  blocks.forEach((block, i) => block.setAttribute(ORDER, String(i)));
  const wanted = normalise(description).replace(/\s*(?:\.\.\.|…|\[…\]|\[\.\.\.\])$/, '');
  if (wanted.length < MIN_LEAD_CHARS) return null;
  for (const [order, block] of blocks.entries()) {
    const text = normalise(block.textContent);
    if (!saysTheSame(text, wanted)) continue;
    const links = Array.from(block.querySelectorAll('a')).reduce((n, a) => n + normalise(a.textContent).length, 0);
    if (links > text.length * 0.3 || block.closest('a')) continue;
    block.setAttribute(LEAD, '');
    return { copy: block.cloneNode(true) as Element, text, order };
  }
  return null;
}

/**
 * After Readability: puts the lead back before the article's first paragraph, when Readability left
 * it out and it stood just before the article on the page. Returns whether it did.
 */
export function restoreLead(article: Element, lead: Lead | null): boolean {
  if (!lead || article.querySelector(`[${LEAD}]`)) return false;
  if (normalise(article.textContent).includes(lead.text)) return false;
  let first: Element | null = null;
  let firstOrder = Infinity;
  for (const block of Array.from(article.querySelectorAll(`[${ORDER}]`))) {
    const order = Number(block.getAttribute(ORDER));
    if (order < firstOrder) {
      firstOrder = order;
      first = block;
    }
  }
  if (!first?.parentElement || lead.order > firstOrder || firstOrder - lead.order > MAX_GAP + 1) return false;
  const paragraph = article.ownerDocument.createElement('p');
  while (lead.copy.firstChild) paragraph.append(lead.copy.firstChild);
  first.parentElement.insertBefore(paragraph, first);
  return true;
}

/** Removes the numbering and marks from what is kept. */
export function clearLeadMarks(article: Element): void {
  for (const el of Array.from(article.querySelectorAll(`[${ORDER}], [${LEAD}]`))) {
    el.removeAttribute(ORDER);
    el.removeAttribute(LEAD);
  }
}
