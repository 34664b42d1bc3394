import { type FormEvent, useEffect, useState } from 'react';
import type { AnchoredHighlight, ArticleNote } from '../../shared/types';
import { COLOR_NAMES } from './SelectionToolbar';

interface Props {
  highlights: readonly AnchoredHighlight[];
  note: ArticleNote | null;
  onGoTo: (highlightId: string) => void;
  onSaveNote: (note: string) => void;
  onExport?: () => void;
}

function ArticleNoteForm({ note, onSave }: { note: ArticleNote | null; onSave: (note: string) => void }) {
  const [text, setText] = useState(note?.text ?? '');
  useEffect(() => setText(note?.text ?? ''), [note?.text]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(text);
  };
  return (
    <form className="article-note" onSubmit={submit}>
      <label htmlFor="article-note-text">Note on this article</label>
      <textarea id="article-note-text" value={text} rows={3} onChange={(e) => setText(e.target.value)} placeholder="Your thoughts on the whole article (plain text)" />
      <div className="dialog-actions">
        <button type="submit" className="small" disabled={text === (note?.text ?? '')}>
          Save note
        </button>
      </div>
    </form>
  );
}

/**
 * The article's highlights in reading order, each with its colour, quote and note, and a button
 * that goes to it; those the current text no longer has are listed as such, never dropped. Then
 * the note on the whole article. Props only.
 */
export function HighlightsPanel({ highlights, note, onGoTo, onSaveNote, onExport }: Props) {
  return (
    <section className="highlights-panel" aria-labelledby="highlights-panel-title" id="highlights-panel">
      <h2 id="highlights-panel-title">
        Highlights{highlights.length > 0 && <span className="view-count"> {highlights.length}</span>}
      </h2>
      {highlights.length === 0 ? (
        <p className="empty">Select text and press h (or choose a colour) to highlight it.</p>
      ) : (
        <ol className="panel-highlights">
          {highlights.map((h) => {
            const missing = h.anchor.status === 'not-found';
            return (
              <li key={h.highlightId} data-panel-highlight={h.highlightId} className={`panel-highlight hl-edge-${h.color}`}>
                <span className="visually-hidden">{COLOR_NAMES[h.color]} highlight: </span>
                <blockquote className="panel-quote">{h.quote.exact.length > 300 ? `${h.quote.exact.slice(0, 300)}…` : h.quote.exact}</blockquote>
                {h.note && <p className="panel-note">{h.note}</p>}
                {missing ? (
                  <p className="panel-missing">Not found in the current text</p>
                ) : (
                  <button type="button" className="small" onClick={() => onGoTo(h.highlightId)}>
                    Go to highlight
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <ArticleNoteForm note={note} onSave={onSaveNote} />
      {onExport && (highlights.length > 0 || note) && (
        <button type="button" className="small" onClick={onExport}>
          Export highlights as Markdown
        </button>
      )}
    </section>
  );
}
