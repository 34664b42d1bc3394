
/** Elements that make a paragraph break before and after them. */
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'figcaption', 'pre', 'tr', 'dt', 'dd', 'div', 'section', 'article', 'header', 'footer', 'aside', 'figure', 'table', 'ul', 'ol', 'dl', 'hr', 'br']);
const BREAK = '\uE001';
const PRE_NEWLINE = '\uE000';
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const CDATA_SECTION_NODE = 4;

/**
 * The readable text of an element already in a DOM (see htmlToText). One walk over the tree that
 * writes a break mark around each block, rather than inserting mark nodes into a copy: inserting
 * thousands of nodes is quadratic in jsdom (12 s for a page of 5,000 figures).
 */
export function elementText(root: Element): string {
  const parts: string[] = [];
  collectText(root, parts, false);
  return parts
    .join('')
    .split(BREAK)
    .map((part) => part.replace(/\s+/g, ' ').replace(/\uE000/g, '\n').trim())
    .filter(Boolean)
    .join('\n\n');
}

/** Appends the text under `node` to `parts`, with break marks around blocks and marked newlines inside `pre`. */
function collectText(node: Node, parts: string[], inPre: boolean): void {
  // An explicit stack: pages nest deeply enough to overflow the call stack.
  const stack: { node: Node; inPre: boolean; close: boolean }[] = [];
  const push = (children: Node, pre: boolean) => {
    const kids: Node[] = [];
    for (let child = children.firstChild; child; child = child.nextSibling) kids.push(child);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, inPre: pre, close: false });
  };
  push(node, inPre);
  while (stack.length) {
    const item = stack.pop()!;
    if (item.close) {
      parts.push(BREAK);
      continue;
    }
    const current = item.node;
    if (current.nodeType === TEXT_NODE || current.nodeType === CDATA_SECTION_NODE) {
      const data = (current as CharacterData).data;
      parts.push(item.inPre ? data.replace(/\n/g, PRE_NEWLINE) : data);
    } else if (current.nodeType === ELEMENT_NODE) {
      const name = (current as Element).localName;
      const block = BLOCKS.has(name);
      if (block) {
        parts.push(BREAK);
        stack.push({ node: current, inPre: item.inPre, close: true });
      }
      push(current, item.inPre || name === 'pre');
    }
  }
}
