/**
 * Furniture inside the article Readability found: blocks that sit in the article's flow but are not
 * the article. Each rule looks at the shape of a block (how long, how much of it is links, where it
 * is) and only then at its words, so a sentence that mentions a newsletter is not taken for a
 * newsletter box. Measured on the human-judged pages (see README, "How extraction decides").
 */

/** Labels that introduce a link to another article, at the start of a block, in the languages of the pages we see most. */
const SEE_ALSO = new RegExp(
  '^(?:' +
    [
      // English
      'read (?:more|also|next)', 'also read', 'more (?:on|from|about) (?:this|that|the)', 'related(?: (?:articles?|stories|story|posts?|content|coverage|news|reading|links?|topics?))?',
      'see also', 'further reading', 'recommended(?: (?:reading|stories|for you|articles?))?', 'you (?:may|might) (?:also )?(?:like|enjoy)', 'don[’\']?t miss', 'more stories', 'latest (?:news|stories|articles)',
      // German
      '(?:lesen|lest|lies) (?:sie )?(?:auch|mehr|hier|weiter)', 'auch interessant', 'ebenfalls interessant', 'mehr (?:zum thema|dazu|lesen|artikel)', 'weiterlesen', 'weiterführende(?:r|n)? (?:links?|artikel|informationen)', 'weiterführender link',
      'verwandte (?:artikel|themen|beiträge|inhalte)', 'siehe auch', 'das könnte (?:dich|sie|euch) auch interessieren', 'neueste (?:artikel|beiträge)', 'ähnliche (?:artikel|beiträge)', 'empfehlungen(?: aus| der redaktion)?',
      // Spanish, Portuguese, Italian, French, Dutch
      'lea(?: también| más| además)?', 'lee(?: también| más| además)', '(?:también )?(?:le|te) puede interesar', 'puedes ver', 'mira(?: también)?', 'ver también', 'noticias relacionadas', 'relacionad[oa]s?',
      'leia (?:também|mais)', 'veja (?:também|mais)', 'saiba mais', 'leggi anche', 'potrebbe interessarti', '(?:à )?lire aussi', 'voir aussi', 'sur le même sujet', 'lees ook', 'zie ook',
    ].join('|') +
    ')(?=$|[\\s:：.…»›>|–—-])',
  'i',
);

/** Calls to subscribe, follow or share, in short blocks only (see removePrompts). */
const PROMPT = new RegExp(
  [
    'newsletter', 'subscribe', 'sign(?:ing)? up', 'abonnier', 'abonniere', 'jetzt anmelden', 'jetzt (?:für|zum) .{0,40} anmelden', 'suscr[ií]b', 'inscr[ií]b[ea]', 's[’\']abonner', 'abonnez',
    'share this', 'artikel teilen', 'beitrag teilen', 'diesen artikel', 'compart(?:e|ir) (?:este|esta|en)', 'partager (?:cet|sur)',
    'follow us', 'folg(?:e|en sie) uns', 'síguenos', 'suivez-nous', 'download (?:the|our) app', 'app herunterladen', 'war (?:der|dieser) (?:artikel|beitrag) (?:hilfreich|nützlich)',
    'was this (?:article|story|post) (?:helpful|useful)', '(?:rezept|artikel) drucken', 'print (?:this )?(?:recipe|article)',
  ].join('|'),
  'i',
);

/** Longest call to subscribe, share or print, in words. */
const PROMPT_MAX_WORDS = 18;

const BLOCK_TAGS = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'dd', 'dt', 'div', 'section', 'aside', 'figcaption', 'header', 'footer', 'table', 'ul', 'ol', 'dl', 'figure', 'pre']);
const HEADING = /^h[1-6]$/;
/** Blocks that can be one line of furniture. */
const LINE_TAGS = new Set(['p', 'li', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'dd', 'dt', 'div', 'section']);

function textOf(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function linkTextOf(el: Element): number {
  let n = 0;
  for (const a of Array.from(el.querySelectorAll('a'))) n += textOf(a).length;
  return n;
}

/**
 * The blocks under `root` with no block inside (one paragraph, heading or list item), found in one
 * pass: children come after their parents in document order, so walking backwards sees them first.
 */
function leafBlocks(root: Element): Set<Element> {
  const all = Array.from(root.querySelectorAll('*'));
  const holdsBlock = new Set<Element>();
  const leaves = new Set<Element>();
  for (let i = all.length - 1; i >= 0; i--) {
    const el = all[i]!;
    const block = BLOCK_TAGS.has(el.localName);
    if (block && !holdsBlock.has(el)) leaves.add(el);
    if ((block || holdsBlock.has(el)) && el.parentElement) holdsBlock.add(el.parentElement);
  }
  return leaves;
}

/** A short line of words that ends no sentence and links nowhere: a label for what follows it. */
function isLabel(el: Element): boolean {
  const text = textOf(el);
  return text.length > 0 && text.length <= 60 && !/[.!?…]$/.test(text) && !el.querySelector('a, img, picture');
}

/** A list of headlines: two or more items, each one link and little else. */
function isLinkList(el: Element | null): boolean {
  if (!el || (el.localName !== 'ul' && el.localName !== 'ol')) return false;
  const items = Array.from(el.children).filter((li) => li.localName === 'li');
  return items.length >= 2 && items.every((li) => li.querySelectorAll('a').length === 1 && linkTextOf(li) >= textOf(li).length * 0.8);
}

/** One-line blocks, in document order. */
function lines(root: Element): Element[] {
  const leaves = leafBlocks(root);
  return Array.from(root.querySelectorAll('*')).filter((el) => LINE_TAGS.has(el.localName) && leaves.has(el));
}

/** Looks like a heading: a heading element, or a short block (or inline element) that is all bold. */
function isHeadingLike(el: Element, leaves: Set<Element>): boolean {
  if (HEADING.test(el.localName)) return true;
  if (el.localName === 'p' || el.localName === 'div') {
    if (!leaves.has(el)) return false;
  } else if (el.localName !== 'span' && el.localName !== 'strong' && el.localName !== 'b') {
    return false;
  }
  const text = textOf(el);
  if (!text || text.length > 80) return false;
  if (el.localName === 'strong' || el.localName === 'b') return true;
  const bold = Array.from(el.querySelectorAll('strong, b')).reduce((n, b) => n + textOf(b).length, 0);
  return bold >= text.length * 0.9;
}

export interface FurnitureReport {
  removed: number;
}

/**
 * "Read more: <a>another story</a>" lines and "Related stories" labels: a short block that starts with
 * a see-also label and is mostly a link, or is only the label.
 */
export function removeSeeAlso(article: Element): FurnitureReport {
  let removed = 0;
  for (const el of lines(article)) {
    if (!article.contains(el)) continue;
    const text = textOf(el);
    if (!text || text.length > 220 || !SEE_ALSO.test(text)) continue;
    const label = SEE_ALSO.exec(text)![0];
    const rest = text.slice(label.length).replace(/^[\s:：.…»›>|–—-]+/, '');
    const links = linkTextOf(el);
    // Only the label ("Related stories"), or the label and mostly a link to another page.
    if (rest.length <= 3 || links >= rest.length * 0.6) {
      removeWithEmptyParents(el, article);
      removed++;
    } else if (rest.length <= 60 && isLinkList(el.nextElementSibling)) {
      // A label in words ("Read also the following posts:") and the list of headlines it introduces.
      el.nextElementSibling!.remove();
      removeWithEmptyParents(el, article);
      removed++;
    }
  }
  return { removed };
}

/**
 * A heading followed, up to the next heading, only by links ("More from the city desk" and a list
 * of headlines), and a heading left with nothing after it at the end of the article.
 */
export function removeLinkSections(article: Element): FurnitureReport {
  let removed = 0;
  const leaves = leafBlocks(article);
  for (const heading of Array.from(article.querySelectorAll('h2, h3, h4, h5, h6, p, div, strong, b'))) {
    if (!article.contains(heading) || !isHeadingLike(heading, leaves)) continue;
    const section: Element[] = [];
    let text = 0;
    let links = 0;
    for (let next = heading.nextElementSibling; next && !isHeadingLike(next, leaves); next = next.nextElementSibling) {
      section.push(next);
      text += textOf(next).length;
      links += linkTextOf(next);
    }
    const atEnd = section.length === 0 && isLastInArticle(heading, article);
    const linkList = section.length > 0 && text > 0 && text <= 2000 && links / text >= 0.6 && section.some((el) => el.querySelector('a'));
    // A heading and the list of headlines right under it, whatever follows that list.
    const listFirst = !linkList && isLinkList(heading.nextElementSibling);
    if (!atEnd && !linkList && !listFirst) continue;
    for (const el of listFirst ? [heading.nextElementSibling!] : section) el.remove();
    removeWithEmptyParents(heading, article);
    removed++;
  }
  return { removed };
}

/**
 * A list of headlines at the very end of the article (its heading already gone, as Readability
 * drops some): a list whose every item is one link, with nothing after it.
 */
export function removeTrailingLinkLists(article: Element): FurnitureReport {
  let removed = 0;
  for (;;) {
    const lists = Array.from(article.querySelectorAll('ul, ol')).filter((list) => isLastInArticle(list, article));
    const list = lists[lists.length - 1];
    if (!list) break;
    if (!isLinkList(list)) break;
    // Its label ("More on this", in a <span> or <p> as often as a heading) goes with it.
    const label = list.previousElementSibling;
    if (label && isLabel(label)) label.remove();
    removeWithEmptyParents(list, article);
    removed++;
  }
  return { removed };
}

/** A list of links to places in the page itself (a table of contents), and its label. */
export function removeTablesOfContents(article: Element, pageUrl: string | null): FurnitureReport {
  let removed = 0;
  for (const list of Array.from(article.querySelectorAll('ul, ol'))) {
    if (!article.contains(list)) continue;
    const anchors = Array.from(list.querySelectorAll('a[href]'));
    if (anchors.length < 3) continue;
    const inPage = anchors.filter((a) => isInPageLink(a.getAttribute('href') ?? '', pageUrl)).length;
    const text = textOf(list).length;
    if (inPage < anchors.length * 0.8 || linkTextOf(list) < text * 0.7) continue;
    const label = list.previousElementSibling;
    if (label && isHeadingLike(label, leafBlocks(list.parentElement ?? article)) && textOf(label).length <= 40) label.remove();
    removeWithEmptyParents(list, article);
    removed++;
  }
  return { removed };
}

/** Short calls to subscribe, follow, share, rate or print ("Sign up for our newsletter", "Diesen Artikel teilen"). */
export function removePrompts(article: Element): FurnitureReport {
  let removed = 0;
  for (const el of lines(article)) {
    if (!article.contains(el)) continue;
    const text = textOf(el);
    // Calls are short: a sentence of the story that mentions a newsletter is longer than this.
    if (!text || text.length > 160 || text.split(' ').length > PROMPT_MAX_WORDS || !PROMPT.test(text)) continue;
    removeWithEmptyParents(el, article);
    removed++;
  }
  return { removed };
}

/** A label that says what a date is: published, updated, posted… */
const DATE_LABEL =
  '(?:(?:last )?updated|published|posted|(?:zuletzt )?aktualisiert|ver[öo]ffentlicht|ver[öo]ffentlichung|erschienen|stand|erstellt|publi[ée]|mis [àa] jour|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|publisert|oppdatert)' +
  '(?: (?:on|at|am|um|le|el|il|op|den))?\\s*:?';
/** A date in figures (11.04.2020, 2020-04-11, 4/11/2020) or words (7. oktober 2020, April 11, 2020, 11 avril 2020), maybe a weekday before it. */
const DATE =
  '(?:\\p{L}+,? )?(?:\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}\\.? (?:de )?\\p{L}{3,10}\\.?,? (?:de )?\\d{4}|\\p{L}{3,10}\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4})';
/** …and a time of day after it (", 10:27", "um 15:21 Uhr", "at 3.21 pm"). */
const TIME = '(?:,? (?:um |at |à |a las )?\\d{1,2}[:.h]\\d{2}(?: ?(?:uhr|am|pm|h|mez|cet|gmt|utc))?)?';
const DATE_LINE = new RegExp(`^(?:${DATE_LABEL} ?)?${DATE}${TIME}\\.?$`, 'iu');

/**
 * A line that is only a date ("Aktualisiert: 11.04.2020, 10:27", "7. oktober 2020") before the
 * article's first paragraph of prose or after its last: the page's dateline, which the reader shows
 * from the page's metadata. Removed only when that metadata has the date (`dateKnown`), so no saved
 * copy loses its date.
 */
export function removeDateLines(article: Element, dateKnown: boolean): FurnitureReport {
  let removed = 0;
  if (!dateKnown) return { removed };
  const blocks = lines(article);
  const prose = blocks.filter((el) => textOf(el).length >= 80);
  const first = prose[0];
  const last = prose[prose.length - 1];
  if (!first || !last) return { removed };
  const firstAt = blocks.indexOf(first);
  const lastAt = blocks.indexOf(last);
  blocks.forEach((el, i) => {
    if (i >= firstAt && i <= lastAt) return;
    const text = textOf(el);
    if (text.length > 60 || el.querySelector('a') || !DATE_LINE.test(text)) return;
    removeWithEmptyParents(el, article);
    removed++;
  });
  return { removed };
}

function isInPageLink(href: string, pageUrl: string | null): boolean {
  if (href.startsWith('#')) return href.length > 1;
  if (!pageUrl) return false;
  try {
    const target = new URL(href, pageUrl);
    const page = new URL(pageUrl);
    return target.hash.length > 1 && target.origin === page.origin && target.pathname === page.pathname && target.search === page.search;
  } catch {
    return false;
  }
}

/** True when nothing with text follows `el` inside the article. */
function isLastInArticle(el: Element, article: Element): boolean {
  for (let node: Element | null = el; node && node !== article; node = node.parentElement) {
    for (let next = node.nextElementSibling; next; next = next.nextElementSibling) {
      if (textOf(next) || next.querySelector('img')) return false;
    }
  }
  return true;
}

/** Removes an element, and then its parents that are left with no text and no image. */
function removeWithEmptyParents(el: Element, article: Element): void {
  let parent: Element | null = el.parentElement;
  el.remove();
  while (parent && parent !== article && !textOf(parent) && !parent.querySelector('img, picture, video, table')) {
    const up: Element | null = parent.parentElement;
    parent.remove();
    parent = up;
  }
}
