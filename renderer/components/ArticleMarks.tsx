import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { HighlightColor } from '../../shared/annotations';
import type { ShortcutAction } from '../../shared/keyboard';
import type { AnchoredHighlight, ArticleNote } from '../../shared/types';
import { applyMarks, firstMarkOf, MARK_CLASS } from '../highlight-marks';
import { useKeyboardSelection } from '../hooks/useKeyboardSelection';
import { useShortcuts } from '../hooks/useShortcuts';
import { buildTextMap, selectionOffsets } from '../text-map';
import { HighlightCard } from './HighlightCard';
import { HighlightsPanel } from './HighlightsPanel';
import { SelectionToolbar } from './SelectionToolbar';

export interface MarkActions {
  /** Highlights [start, end) of the article's text; resolves with the highlight, or null when it was refused (the container says why). */
  onAddHighlight: (at: { start: number; end: number; exact: string }, color: HighlightColor) => Promise<AnchoredHighlight | null>;
  onUpdateHighlight: (highlightId: string, patch: { color?: HighlightColor; note?: string | null }) => void;
  onDeleteHighlight: (highlightId: string) => void;
  onSaveArticleNote: (note: string) => void;
  /** Saves this article's highlights and note as Markdown. */
  onExportHighlights: () => void;
}

interface Props extends MarkActions {
  bodyRef: RefObject<HTMLElement | null>;
  /** The body's HTML: the marks are put in again whenever it is rendered afresh. */
  html: string;
  highlights: readonly AnchoredHighlight[];
  note: ArticleNote | null;
  /** A highlight to go to once its marks are in (opened from the Highlights view). */
  openHighlight: string | null;
}

/** Where an element is, relative to the reader's column (the toolbar and the card are placed in it). */
function columnOffset(rect: DOMRect, body: HTMLElement): { top: number; left: number } {
  const column = (body.closest('.reader-column') as HTMLElement | null) ?? body;
  const base = column.getBoundingClientRect();
  return { top: rect.bottom - base.top + 6, left: Math.max(0, Math.min(rect.left - base.left, base.width - 260)) };
}

/**
 * The reader's highlights: the marks in the body, the toolbar over a selection, the card of one
 * highlight, and the article's highlights panel with its note. Selection and marks are read from
 * the page's DOM; every change goes out through the actions. `h` highlights the selection.
 */
export function ArticleMarks({ bodyRef, html, highlights, note, openHighlight, ...actions }: Props) {
  const [toolbar, setToolbar] = useState<{ top: number; left: number } | null>(null);
  const [card, setCard] = useState<{ id: string; top: number; focusNote: boolean } | null>(null);
  const busy = useRef(false);

  useLayoutEffect(() => {
    const body = bodyRef.current?.querySelector('.article-body');
    if (!body) return;
    const start = performance.now();
    applyMarks(body, highlights);
    // For the benchmark and the e2e figures (issue 13: 200 highlights in ≤ 50 ms); costs nothing unread.
    performance.measure('offprint-marks', { start, detail: { highlights: highlights.length } });
  }, [bodyRef, html, highlights]);

  const articleBody = useCallback(() => bodyRef.current?.querySelector<HTMLElement>('.article-body') ?? null, [bodyRef]);

  // The toolbar follows the selection while it is inside the article.
  useEffect(() => {
    const onChange = () => {
      const body = articleBody();
      const selection = window.getSelection();
      const range = selection && selection.rangeCount ? selection.getRangeAt(0) : null;
      if (!body || !range || range.collapsed || !body.contains(range.commonAncestorContainer)) return setToolbar(null);
      const rects = range.getClientRects();
      const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
      setToolbar(columnOffset(last, body));
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [articleBody]);

  const openCard = useCallback(
    (id: string, focusNote: boolean) => {
      const body = articleBody();
      const mark = body ? firstMarkOf(body, id) : null;
      const top = mark && body ? columnOffset(mark.getBoundingClientRect(), body).top : 0;
      setCard({ id, top, focusNote });
    },
    [articleBody],
  );

  const highlightSelection = useCallback(
    async (color: HighlightColor, then: 'card' | 'note' | null) => {
      const body = articleBody();
      const selection = window.getSelection();
      if (!body || !selection || !selection.rangeCount || busy.current) return false;
      const map = buildTextMap(body);
      const at = selectionOffsets(map, body, selection.getRangeAt(0));
      if (!at) return false;
      busy.current = true;
      try {
        const made = await actions.onAddHighlight({ ...at, exact: map.text.slice(at.start, at.end) }, color);
        if (!made) return true;
        selection.removeAllRanges();
        setToolbar(null);
        // After the marks are in (the next frame), so the card sits under the new mark.
        if (then) requestAnimationFrame(() => openCard(made.highlightId, then === 'note'));
      } finally {
        busy.current = false;
      }
      return true;
    },
    [actions, articleBody, openCard],
  );

  // A click on a mark (not the end of a selection) opens its card: the newest highlight over that text.
  useEffect(() => {
    const body = articleBody();
    if (!body) return;
    const onClick = (event: MouseEvent) => {
      const mark = (event.target as Element | null)?.closest?.(`mark.${MARK_CLASS}`) as HTMLElement | null;
      if (!mark || !window.getSelection()?.isCollapsed) return;
      const ids = (mark.dataset.highlightIds ?? '').split(' ').filter(Boolean);
      if (ids.length) openCard(ids[ids.length - 1]!, false);
    };
    body.addEventListener('click', onClick);
    return () => body.removeEventListener('click', onClick);
  }, [articleBody, openCard, html]);

  useKeyboardSelection(bodyRef);

  useShortcuts((action: ShortcutAction) => {
    if (action !== 'highlight') return false;
    void highlightSelection('yellow', 'card');
  });

  const goTo = useCallback(
    (id: string) => {
      const body = articleBody();
      const mark = body ? firstMarkOf(body, id) : null;
      if (!mark) return false;
      mark.scrollIntoView({ block: 'center' });
      openCard(id, false);
      return true;
    },
    [articleBody, openCard],
  );

  // Once per opening, after the reader has put the article where it opens (the next frame).
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (!openHighlight || opened.current === openHighlight || !highlights.some((h) => h.highlightId === openHighlight)) return;
    opened.current = openHighlight;
    requestAnimationFrame(() => goTo(openHighlight));
  }, [openHighlight, highlights, goTo]);

  const current = card ? highlights.find((h) => h.highlightId === card.id) : undefined;
  const closeCard = () => {
    const id = card?.id;
    setCard(null);
    // Back to where the reader was: the panel's entry for it, or the article.
    const entry = id ? document.querySelector<HTMLElement>(`[data-panel-highlight="${id}"] button`) : null;
    (entry ?? bodyRef.current)?.focus({ preventScroll: true });
  };
  return (
    <>
      {toolbar && !card && <SelectionToolbar {...toolbar} onHighlight={(color) => void highlightSelection(color, null)} onNote={() => void highlightSelection('yellow', 'note')} />}
      {current && card && (
        <HighlightCard
          highlight={current}
          top={card.top}
          focusNote={card.focusNote}
          onColor={(color) => actions.onUpdateHighlight(current.highlightId, { color })}
          onSaveNote={(text) => actions.onUpdateHighlight(current.highlightId, { note: text.trim() ? text : null })}
          onDelete={() => {
            actions.onDeleteHighlight(current.highlightId);
            closeCard();
          }}
          onClose={closeCard}
        />
      )}
      <HighlightsPanel highlights={highlights} note={note} onGoTo={goTo} onSaveNote={actions.onSaveArticleNote} onExport={actions.onExportHighlights} />
    </>
  );
}
