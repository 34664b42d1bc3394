/**
 * How much running prose an element holds: the measure the extraction guard and the candidate
 * comparison decide by. Prose is text outside links, in blocks long enough to be sentences rather
 * than labels; a menu, a share bar or a list of headlines has almost none of it, an article most.
 */

/** Elements that start a block of their own: text belongs to the nearest one. */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
/** Never read: their text is not shown as text. */
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'select', 'option', 'textarea', 'iframe', 'object']);
/** A block with at least this much text outside links is a paragraph of prose (about a sentence). */
export const PARAGRAPH_MIN_CHARS = 60;

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

export interface ProseMeasure {
  /** Prose characters under each element (only elements with some). */
  prose: Map<Element, number>;
  /** Paragraphs of prose under each element. */
  paragraphs: Map<Element, number>;
  /** The paragraphs of prose themselves, in document order. */
  blocks: Element[];
  /** All text characters under the root, and those inside links. */
  textChars: number;
  linkChars: number;
}

/** Characters of a text without its white space, so indentation does not count as content. */
function visibleLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13 && c !== 12 && c !== 160) n++;
  }
  return n;
}

/**
 * Measures the prose under `root` in one walk. Each text node counts towards its nearest block;
 * a block whose text outside links reaches a sentence's length is a paragraph, and its characters
 * are added to every ancestor up to `root`.
 */
export function measureProse(root: Element): ProseMeasure {
  const blockText = new Map<Element, number>();
  let textChars = 0;
  let linkChars = 0;
  const stack: { node: Node; block: Element; inLink: boolean }[] = [{ node: root, block: root, inLink: false }];
  while (stack.length) {
    const { node, block, inLink } = stack.pop()!;
    if (node.nodeType === TEXT_NODE) {
      const n = visibleLength((node as CharacterData).data);
      textChars += n;
      if (inLink) linkChars += n;
      else if (n) blockText.set(block, (blockText.get(block) ?? 0) + n);
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const element = node as Element;
    const name = element.localName;
    if (SKIPPED_TAGS.has(name)) continue;
    const childBlock = BLOCK_TAGS.has(name) ? element : block;
    const childInLink = inLink || name === 'a' || name === 'button';
    for (let child = element.lastChild; child; child = child.previousSibling) stack.push({ node: child, block: childBlock, inLink: childInLink });
  }
  const prose = new Map<Element, number>();
  const paragraphs = new Map<Element, number>();
  const blocks: Element[] = [];
  // A block's first text comes in document order, so the map's order is the blocks' order (near enough:
  // a block that resumes after a nested block keeps its first place).
  for (const [block, chars] of blockText) {
    if (chars < PARAGRAPH_MIN_CHARS) continue;
    blocks.push(block);
    for (let el: Element | null = block; el; el = el === root ? null : el.parentElement) {
      prose.set(el, (prose.get(el) ?? 0) + chars);
      paragraphs.set(el, (paragraphs.get(el) ?? 0) + 1);
    }
  }
  return { prose, paragraphs, blocks, textChars, linkChars };
}

/** A summary of one candidate article, for comparing candidates. */
export interface CandidateShape {
  /** Prose characters (see measureProse). */
  prose: number;
  paragraphs: number;
  textChars: number;
  /** Share of the text inside links, 0–1. */
  linkDensity: number;
}

export function candidateShape(root: Element): CandidateShape {
  const m = measureProse(root);
  return {
    prose: m.prose.get(root) ?? 0,
    paragraphs: m.paragraphs.get(root) ?? 0,
    textChars: m.textChars,
    linkDensity: m.textChars ? m.linkChars / m.textChars : 0,
  };
}
