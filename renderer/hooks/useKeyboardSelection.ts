import { type RefObject, useEffect } from 'react';
import { BLOCK_SELECTOR, blocksOf, currentPosition } from '../reading-position';

const ARROWS = ['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp'];

/**
 * Keyboard-only selection in the article: Shift+arrows extend the selection by character (with
 * Ctrl/⌥, by word; up and down, by line); with none in the article yet, it starts at the paragraph
 * being read. Chromium extends a selection with Shift+arrows only in editable text (or with caret
 * browsing), so the reader does it, and `h` can then highlight it.
 */
export function useKeyboardSelection(rootRef: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.shiftKey || event.metaKey || !ARROWS.includes(event.key)) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const root = rootRef.current;
      const body = root?.querySelector('.article-body');
      const selection = window.getSelection();
      if (!root || !body || !selection) return;
      const inside = selection.rangeCount > 0 && body.contains(selection.getRangeAt(0).commonAncestorContainer);
      if (!inside) {
        const here = currentPosition(root);
        const block = here ? blocksOf(root)[here.block] : body.querySelector(BLOCK_SELECTOR);
        if (!block) return;
        selection.collapse(block, 0);
      }
      const forward = event.key === 'ArrowRight' || event.key === 'ArrowDown';
      const vertical = event.key === 'ArrowDown' || event.key === 'ArrowUp';
      selection.modify('extend', forward ? 'forward' : 'backward', vertical ? 'line' : event.ctrlKey || event.altKey ? 'word' : 'character');
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rootRef]);
}
