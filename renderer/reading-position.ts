import type { ReadingPosition } from '../shared/types';

/** The elements a position is anchored to, in document order. */
export const BLOCK_SELECTOR = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, figcaption, pre, dt, dd, td, th';

export function blocksOf(body: Element): Element[] {
  return Array.from(body.querySelectorAll(BLOCK_SELECTOR));
}

/**
 * The y coordinate (in the viewport) where reading happens: just below the reader's bar, whether
 * the bar is showing or has slid away (so the line does not move as the bar hides and returns,
 * and a passage opened there is never under the bar).
 */
export function readingLine(): number {
  const bar = document.querySelector<HTMLElement>('.reader-bar');
  return (bar ? bar.offsetHeight || bar.getBoundingClientRect().height : 0) + 8;
}

/** Where the reader is: the first block that reaches below the reading line, and the character at the line. */
export function currentPosition(body: Element): ReadingPosition | null {
  const blocks = blocksOf(body);
  const line = readingLine();
  const index = blocks.findIndex((b) => b.getBoundingClientRect().bottom > line);
  if (index < 0) return blocks.length ? { block: blocks.length - 1, offset: 0 } : null;
  const block = blocks[index]!;
  const rect = block.getBoundingClientRect();
  let offset = 0;
  if (rect.top < line && typeof document.caretRangeFromPoint === 'function') {
    const caret = document.caretRangeFromPoint(rect.left + 2, line + 2);
    if (caret && block.contains(caret.startContainer)) {
      const range = document.createRange();
      range.setStart(block, 0);
      range.setEnd(caret.startContainer, caret.startOffset);
      offset = range.toString().length;
    }
  }
  return { block: index, offset };
}

/** Scrolls so that `position` sits at the reading line. Returns false if the article has no such block. */
export function scrollToPosition(body: Element, position: ReadingPosition): boolean {
  const block = blocksOf(body)[position.block];
  if (!block) return false;
  let target = block.getBoundingClientRect().top;
  if (position.offset > 0) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let remaining = position.offset;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent?.length ?? 0;
      if (remaining <= length) {
        const range = document.createRange();
        range.setStart(node, Math.min(remaining, length));
        range.setEnd(node, Math.min(remaining + 1, length));
        const rect = range.getClientRects()[0];
        if (rect) target = rect.top;
        break;
      }
      remaining -= length;
    }
  }
  window.scrollBy({ top: target - readingLine(), behavior: 'instant' as ScrollBehavior });
  return true;
}

/** How far through the article the reader is, 0 to 100. */
export function readingProgress(article: Element): number {
  const rect = article.getBoundingClientRect();
  const visible = window.innerHeight - readingLine();
  const scrollable = rect.height - visible;
  if (scrollable <= 0) return 100;
  const done = readingLine() - rect.top;
  return Math.max(0, Math.min(100, Math.round((done / scrollable) * 100)));
}

/**
 * The text at a position, for a bookmark's snippet: from the start of the sentence the position is
 * in (or, in a long sentence, the start of a word), about 160 characters, ending at a word.
 */
export function snippetAt(body: Element, position: ReadingPosition): string {
  const text = (blocksOf(body)[position.block]?.textContent ?? '').replace(/\s+/g, ' ');
  return snippetFrom(text, position.offset);
}

export function snippetFrom(text: string, offset: number, length = 160): string {
  const at = Math.max(0, Math.min(offset, text.length));
  const from = Math.max(0, at - 200);
  const before = text.slice(from, at);
  let sentenceStart = -1;
  for (const match of before.matchAll(/[.!?。！？]["'”’)\]]*\s+/g)) sentenceStart = from + match.index + match[0].length;
  let start: number;
  if (sentenceStart >= 0) start = sentenceStart;
  else if (from === 0) start = 0; // the block's own start is near: the sentence starts there
  else {
    // A long sentence: the start of the word at the position.
    start = at;
    while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + length / 2) end = space;
  }
  const snippet = text.slice(start, end).trim();
  return end < text.length ? `${snippet}…` : snippet;
}
