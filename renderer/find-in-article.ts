import { blocksOf, readingLine } from './reading-position';

/** The name the reader's search match is highlighted under (CSS: `::highlight(search-match)`). */
export const MATCH_HIGHLIGHT = 'search-match';

/** A DOM range over the first occurrence of `word` in `body` (case and width folded), or null. */
export function findFirst(body: Element, word: string): Range | null {
  const needle = word.normalize('NFKC').toLowerCase();
  if (!needle) return null;
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('[hidden]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // NFKC can change a text's length; only lower-casing is done per node, which keeps offsets.
    const text = (node.textContent ?? '').toLowerCase();
    const at = text.indexOf(needle);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      return range;
    }
  }
  return null;
}

/** Marks `range` with the CSS Custom Highlight API where there is one; returns the function that removes it. */
export function highlight(range: Range): () => void {
  const registry = (globalThis.CSS as unknown as { highlights?: Map<string, unknown> } | undefined)?.highlights;
  const Ctor = (globalThis as unknown as { Highlight?: new (...ranges: Range[]) => unknown }).Highlight;
  if (!registry || !Ctor) return () => undefined;
  registry.set(MATCH_HIGHLIGHT, new Ctor(range));
  return () => registry.delete(MATCH_HIGHLIGHT);
}

/** Scrolls so that `top` (a viewport y) sits a line below the reading line, clear of the bar. */
export function scrollClearOfBar(top: number, lineHeight = 28): void {
  window.scrollBy({ top: top - readingLine() - lineHeight, behavior: 'instant' as ScrollBehavior });
}

/** Briefly marks a block (a bookmarked place just opened) so the eye finds it. */
export function flashBlock(body: Element, block: number): void {
  const element = blocksOf(body)[block];
  if (!element) return;
  element.classList.remove('place-flash');
  // Restarts the animation when the same place is opened twice.
  void (element as HTMLElement).offsetWidth;
  element.classList.add('place-flash');
  setTimeout(() => element.classList.remove('place-flash'), 2600);
}
