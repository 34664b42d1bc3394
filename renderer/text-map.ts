/**
 * The reader's body as the article's stored plain text (`body.txt`), character by character, so a
 * selection becomes the text offsets a highlight is stored at, and stored offsets become the DOM
 * ranges its marks wrap. The text is built exactly as the capture built it from the same HTML
 * (electron/capture/text.ts: a paragraph break around each block, runs of white space made one
 * space, each paragraph trimmed, paragraphs joined by a blank line); the two are kept equal by
 * tests over the same pages, and the library refuses a highlight whose words differ (`exact`).
 */

/** Elements that make a paragraph break before and after them (as electron/capture/text.ts). */
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'figcaption', 'pre', 'tr', 'dt', 'dd', 'div', 'section', 'article', 'header', 'footer', 'aside', 'figure', 'table', 'ul', 'ol', 'dl', 'hr', 'br']);
const PRE_NEWLINE = '\uE000';
const WHITE = /\s/;

/** Elements the reader adds that are not in the stored text (an image that was not saved, shown as words). */
export const NOT_TEXT_ATTRIBUTE = 'data-not-text';

export interface TextMap {
  text: string;
  /** For each character of `text`, the text node it came from (null for the blank line between paragraphs) … */
  nodes: (Text | null)[];
  /** … and its offset in that node. */
  offsets: number[];
}

interface Part {
  chars: string[];
  nodes: Text[];
  offsets: number[];
}

export function buildTextMap(root: Element): TextMap {
  const parts: Part[] = [];
  let part: Part = { chars: [], nodes: [], offsets: [] };
  const cut = () => {
    parts.push(part);
    part = { chars: [], nodes: [], offsets: [] };
  };
  // An explicit stack, as the capture's walk: pages nest deeply.
  const stack: { node: Node; pre: boolean; close: boolean }[] = [{ node: root, pre: false, close: false }];
  let first = true;
  while (stack.length) {
    const item = stack.pop()!;
    if (item.close) {
      cut();
      continue;
    }
    const node = item.node;
    if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) {
      const data = (node as Text).data;
      for (let i = 0; i < data.length; i++) {
        part.chars.push(item.pre && data[i] === '\n' ? PRE_NEWLINE : data[i]!);
        part.nodes.push(node as Text);
        part.offsets.push(i);
      }
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const element = node as Element;
    if (!first && element.hasAttribute(NOT_TEXT_ATTRIBUTE)) continue;
    const name = element.localName;
    // The root itself is the capture's root: its own name makes no break.
    const block = !first && BLOCKS.has(name);
    first = false;
    if (block) {
      cut();
      stack.push({ node, pre: item.pre, close: true });
    }
    const pre = item.pre || name === 'pre';
    for (let child = element.lastChild; child; child = child.previousSibling) stack.push({ node: child, pre, close: false });
  }
  cut();

  const text: string[] = [];
  const nodes: (Text | null)[] = [];
  const offsets: number[] = [];
  for (const p of parts) {
    // Runs of white space become one space (kept at the run's first character).
    const chars: string[] = [];
    const from: number[] = [];
    for (let i = 0; i < p.chars.length; i++) {
      const ch = p.chars[i]!;
      if (WHITE.test(ch)) {
        if (i > 0 && WHITE.test(p.chars[i - 1]!)) continue;
        chars.push(' ');
      } else chars.push(ch === PRE_NEWLINE ? '\n' : ch);
      from.push(i);
    }
    let start = 0;
    let end = chars.length;
    while (start < end && WHITE.test(chars[start]!)) start++;
    while (end > start && WHITE.test(chars[end - 1]!)) end--;
    if (start === end) continue;
    if (text.length) {
      text.push('\n', '\n');
      nodes.push(null, null);
      offsets.push(0, 0);
    }
    for (let i = start; i < end; i++) {
      text.push(chars[i]!);
      nodes.push(p.nodes[from[i]!]!);
      offsets.push(p.offsets[from[i]!]!);
    }
  }
  return { text: text.join(''), nodes, offsets };
}

/** The text node and offset a range boundary stands for: inside a text node, or before the element's child at `offset`. */
function textPoint(root: Element, container: Node, offset: number): { node: Text; offset: number } | null {
  if (container.nodeType === Node.TEXT_NODE) return { node: container as Text, offset };
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const child = container.childNodes[offset];
  if (child) {
    // The first text node at or after that child.
    walker.currentNode = child;
    const found = child.nodeType === Node.TEXT_NODE ? (child as Text) : (walker.nextNode() as Text | null);
    return found ? { node: found, offset: 0 } : null;
  }
  // After the container's last child: the end of its last text node.
  let last: Text | null = null;
  walker.currentNode = container;
  for (let node = walker.nextNode(); node && container.contains(node); node = walker.nextNode()) last = node as Text;
  return last ? { node: last, offset: last.length } : null;
}

/**
 * The text offset of a range boundary: the first character of the text at or after it (so a
 * range's end is the character just past its last one), or the text's length.
 */
export function offsetOf(map: TextMap, root: Element, container: Node, offset: number): number {
  const point = textPoint(root, container, offset);
  if (!point) return map.text.length;
  let best = -1;
  for (let i = 0; i < map.nodes.length; i++) {
    const node = map.nodes[i];
    if (!node) continue;
    if (node === point.node ? map.offsets[i]! >= point.offset : point.node.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) {
      best = i;
      break;
    }
  }
  return best < 0 ? map.text.length : best;
}

/** A DOM selection inside `root` as [start, end) of the text, or null when it is empty or outside. */
export function selectionOffsets(map: TextMap, root: Element, range: Range): { start: number; end: number } | null {
  if (range.collapsed || !root.contains(range.commonAncestorContainer)) return null;
  let start = offsetOf(map, root, range.startContainer, range.startOffset);
  let end = offsetOf(map, root, range.endContainer, range.endOffset);
  // Not starting or ending on the blank line or a space between words.
  while (start < end && /\s/.test(map.text[start]!)) start++;
  while (end > start && /\s/.test(map.text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}

/** The pieces of text nodes that [start, end) of the text covers, each as one node and its [from, to). */
export function nodeSpans(map: TextMap, start: number, end: number): { node: Text; from: number; to: number }[] {
  const spans: { node: Text; from: number; to: number }[] = [];
  for (let i = Math.max(0, start); i < Math.min(end, map.nodes.length); i++) {
    const node = map.nodes[i];
    if (!node) continue;
    const last = spans[spans.length - 1];
    const at = map.offsets[i]!;
    // A space that stands for a run of white space covers the whole run up to the next character.
    if (last && last.node === node) last.to = at + 1;
    else spans.push({ node, from: at, to: at + 1 });
  }
  return spans;
}
