import type { ReadingPosition } from '../shared/types';

/** The elements a position is anchored to, in document order. */
export const BLOCK_SELECTOR = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, figcaption, pre, dt, dd, td, th';

export function blocksOf(body: Element): Element[] {
  return Array.from(body.querySelectorAll(BLOCK_SELECTOR));
}

/**
 * The y coordinate (in the viewport) where reading happens: just below the sticky top bar and the
 * reader toolbar as they sit once the page is scrolled (so it does not move while scrolling).
 */
export function readingLine(): number {
  const bar = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
  const toolbar = document.querySelector('.reader-toolbar')?.getBoundingClientRect().height ?? 0;
  return bar + toolbar + 8;
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

/** The text at a position, for a bookmark's snippet. */
export function snippetAt(body: Element, position: ReadingPosition): string {
  const text = blocksOf(body)[position.block]?.textContent ?? '';
  const start = Math.max(0, position.offset - 20);
  return text.slice(start, start + 160).replace(/\s+/g, ' ').trim();
}
