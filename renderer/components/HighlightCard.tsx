import { type FormEvent, useEffect, useRef, useState } from 'react';
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../shared/annotations';
import type { Highlight } from '../../shared/types';
import { COLOR_NAMES } from './SelectionToolbar';

interface Props {
  highlight: Highlight;
  top: number;
  /** Opened to write a note: the note field has focus. */
  focusNote: boolean;
  onColor: (color: HighlightColor) => void;
  onSaveNote: (note: string) => void;
  onDelete: () => void;
  onClose: () => void;
}

/**
 * One highlight, opened from its mark (a click) or just made (`h`, "Add note"): its colour, its
 * note (plain text, shown as text), and Delete. Not modal: Esc or Close puts focus back in the
 * article. Props only.
 */
export function HighlightCard({ highlight, top, focusNote, onColor, onSaveNote, onDelete, onClose }: Props) {
  const [note, setNote] = useState(highlight.note ?? '');
  const ref = useRef<HTMLDivElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => setNote(highlight.note ?? ''), [highlight.highlightId, highlight.note]);
  useEffect(() => {
    (focusNote ? noteRef.current : ref.current?.querySelector<HTMLElement>('[aria-checked="true"]'))?.focus({ preventScroll: true });
  }, [highlight.highlightId, focusNote]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSaveNote(note);
  };
  const quote = highlight.quote.exact.length > 140 ? `${highlight.quote.exact.slice(0, 140)}…` : highlight.quote.exact;
  return (
    <div
      ref={ref}
      className="highlight-card"
      role="dialog"
      aria-label="Highlight"
      style={{ top }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        e.preventDefault();
        onClose();
      }}
    >
      <p className="highlight-card-quote">“{quote}”</p>
      <div role="radiogroup" aria-label="Colour" className="swatches">
        {HIGHLIGHT_COLORS.map((color) => (
          <button
            key={color}
            type="button"
            role="radio"
            aria-checked={highlight.color === color}
            className={`swatch hl-${color}`}
            aria-label={COLOR_NAMES[color]}
            title={COLOR_NAMES[color]}
            onClick={() => onColor(color)}
          />
        ))}
      </div>
      <form onSubmit={submit}>
        <label className="highlight-card-note">
          Note
          <textarea ref={noteRef} value={note} rows={3} onChange={(e) => setNote(e.target.value)} />
        </label>
        <div className="dialog-actions">
          <button type="button" className="danger" onClick={onDelete}>
            Delete highlight
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="primary" disabled={note === (highlight.note ?? '')}>
            Save note
          </button>
        </div>
      </form>
    </div>
  );
}
