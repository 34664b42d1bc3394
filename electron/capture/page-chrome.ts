import { measureProse, PARAGRAPH_MIN_CHARS } from './prose';

/**
 * Page furniture that news sites put around (and inside) their articles.
 *
 * Three kinds, trusted differently:
 * - inert elements, which never show article text: removed before Readability;
 * - furniture by its role (navigation, dialogs, forms, hidden blocks): removed before Readability,
 *   unless it holds the article (ARTICLE_SHARE of the page's prose: ASP.NET pages wrap the whole
 *   page in a <form>; a hidden block that holds it is shown instead);
 * - furniture by its name (a class or id that says share, ad, newsletter…). Names are matched as
 *   substrings, so they also hit article wrappers (`entry themeform share`, `margin_top_10 ad_body`)
 *   and paragraphs (`has-normal-font-size`): an element matched by name counts as furniture only if
 *   it has no paragraph of prose of its own and does not hold the article. It is only marked before
 *   Readability, so that a name cannot change which block Readability picks, and removed from the
 *   article Readability found (marks go on its descendants too, as Readability replaces a wrapper
 *   by its only child).
 */
const INERT = ['style', 'noscript', 'iframe', 'frame', 'object', 'embed'];

const BY_ROLE = [
  'form', 'button', 'nav', 'dialog',
  '[role="dialog"]', '[role="navigation"]', '[role="banner"]', '[role="complementary"]', '[role="progressbar"]',
  '[aria-hidden="true"]:not(img)', '[hidden]',
];

/**
 * Furniture by name: words in a class (and a few in an id), matched as substrings as the first
 * version of these rules did with CSS `[class*=…]` selectors. One regular expression per attribute,
 * tested in one pass, rather than thirty-five attribute selectors evaluated on every element.
 */
const NAME_IN_CLASS = new RegExp(
  [
    'progress', 'share', 'social', 'sns',
    'most_viewed', 'most-viewed', 'mostviewed', 'most-read', 'popular',
    'txt_size', 'text-size', 'font-size', 'fontsize',
    'btn_top', 'back-to-top', 'backtotop', 'go-top',
    '(?:^|\\s)ad(?:$|\\s)', '(?:^|\\s)ad[-_]', 'advert',
    'newsletter', 'subscribe', 'follow-us',
  ].join('|'),
  'i',
);
const NAME_IN_ID = /progress|share|advert|^ad[-_]/i;
/** Skip links ("Skip to content"), by selector. */
const SKIP_LINKS = 'a[href^="#"][class*="skip" i], a[class*="skip-link" i], [class~="skip"]';

/** The elements under `root` that are furniture by name, in document order. */
function namedFurniture(root: Element): Element[] {
  const skip = new Set(Array.from(root.querySelectorAll(SKIP_LINKS)));
  return Array.from(root.querySelectorAll('[class], [id]')).filter(
    (el) => skip.has(el) || NAME_IN_CLASS.test(el.getAttribute('class') ?? '') || NAME_IN_ID.test(el.getAttribute('id') ?? ''),
  );
}

/** An element holding at least this share of the page's (or the article's) prose holds the article, whatever it is called. */
export const ARTICLE_SHARE = 0.35;
/** An element matched by name with more prose than this (characters outside links, in sentences) is content, not furniture. */
export const FURNITURE_MAX_PROSE = PARAGRAPH_MIN_CHARS - 1;
/** Never removed by a rule here, whatever they match. */
const NEVER = 'html, body, main, article, [itemprop="articleBody"]';
/** Marks furniture by name between the page and the article. */
const MARK = 'data-offprint-furniture';

export interface ChromeReport {
  /** Elements removed (or marked, for furniture by name). */
  removed: number;
  /** Prose characters removed with them (see measureProse): how much a wrong match could have cost. */
  proseRemoved: number;
  /** Elements spared because they hold the article or read as prose. */
  spared: number;
  /** The page's paragraphs of prose that are still on it afterwards, in document order (see measureProse). */
  paragraphs?: Element[];
}

/** A <noscript> with at least this much prose is the page's text for readers without scripts, not a notice. */
const NOSCRIPT_MIN_PROSE = 200;

/**
 * Some pages (Blogger's among them) put the article's text in a <noscript> for readers without
 * scripts and build the shown copy with a script, which never runs here. Such a <noscript> is
 * unwrapped before the inert elements go, when it holds prose that appears nowhere else on the page;
 * notices ("please enable JavaScript") and image fallbacks hold none.
 */
export function unwrapNoscriptText(doc: Document): number {
  const body = doc.body;
  if (!body) return 0;
  let unwrapped = 0;
  let shown: string | null = null;
  for (const noscript of Array.from(body.querySelectorAll('noscript'))) {
    let prose = 0;
    for (const child of Array.from(noscript.children)) prose += measureProse(child).prose.get(child) ?? 0;
    if (prose < NOSCRIPT_MIN_PROSE) continue;
    // The text the page shows without running anything (scripts may hold a copy for themselves).
    if (shown === null) {
      const copy = body.cloneNode(true) as Element;
      for (const hidden of Array.from(copy.querySelectorAll('script, style, template, noscript'))) hidden.remove();
      shown = (copy.textContent ?? '').replace(/\s+/g, ' ');
    }
    const sample = (noscript.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);
    if (shown.includes(sample)) continue;
    noscript.replaceWith(...Array.from(noscript.childNodes));
    unwrapped++;
  }
  return unwrapped;
}

/**
 * Before Readability: removes inert elements and furniture by role from a parsed page, and marks
 * furniture by name; reports what went.
 */
export function removePageChrome(doc: Document): ChromeReport {
  for (const element of Array.from(doc.querySelectorAll(INERT.join(',')))) element.remove();
  const report: ChromeReport = { removed: 0, proseRemoved: 0, spared: 0 };
  const root = doc.body ?? doc.documentElement;
  if (!root) return report;
  const { prose, blocks } = measureProse(root);
  const pageProse = prose.get(root) ?? 0;
  const holdsArticle = (el: Element) => pageProse > 0 && (prose.get(el) ?? 0) >= ARTICLE_SHARE * pageProse;
  // In document order, outermost first: a removed block takes its descendants with it.
  for (const element of Array.from(root.querySelectorAll(BY_ROLE.join(',')))) {
    if (!root.contains(element) || element.matches(NEVER)) continue;
    if (holdsArticle(element)) {
      report.spared++;
      // Hidden but holding the article (an open menu's overlay, a script that never ran): show it.
      element.removeAttribute('hidden');
      element.removeAttribute('aria-hidden');
      continue;
    }
    report.removed++;
    report.proseRemoved += prose.get(element) ?? 0;
    element.remove();
  }
  for (const element of namedFurniture(root)) {
    if (!root.contains(element) || element.matches(NEVER) || element.hasAttribute(MARK)) continue;
    if (holdsArticle(element) || (prose.get(element) ?? 0) > FURNITURE_MAX_PROSE) {
      report.spared++;
      continue;
    }
    report.removed++;
    element.setAttribute(MARK, '');
    for (const inner of Array.from(element.querySelectorAll('*'))) inner.setAttribute(MARK, '');
  }
  report.paragraphs = blocks.filter((block) => root.contains(block));
  return report;
}

/**
 * After Readability: removes from the article what was marked as furniture by name on the page,
 * or, for an article read from the page as it came (no marks), what is furniture by name in it.
 * Either way never a block that holds the article's prose.
 */
export function removeNamedChrome(article: Element): ChromeReport {
  const marked = Array.from(article.querySelectorAll(`[${MARK}]`));
  const report: ChromeReport = { removed: 0, proseRemoved: 0, spared: 0 };
  const candidates = marked.length ? marked : namedFurniture(article);
  if (candidates.length === 0) return report;
  const { prose } = measureProse(article);
  const articleProse = prose.get(article) ?? 0;
  for (const element of candidates) {
    if (!article.contains(element) || element.matches(NEVER)) continue;
    const own = prose.get(element) ?? 0;
    if ((articleProse > 0 && own >= ARTICLE_SHARE * articleProse) || (!marked.length && own > FURNITURE_MAX_PROSE)) {
      report.spared++;
      continue;
    }
    report.removed++;
    report.proseRemoved += own;
    element.remove();
  }
  for (const element of Array.from(article.querySelectorAll(`[${MARK}]`))) element.removeAttribute(MARK);
  return report;
}
