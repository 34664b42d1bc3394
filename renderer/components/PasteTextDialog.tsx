import { type FormEvent, useState } from 'react';
import { pastedTextProblem } from '../save-input';
import { Dialog } from './Dialog';

interface Props {
  /** What the dialog opens with ("Edit text" on a failed save brings the text back). */
  initial: { text: string; title: string };
  onSave: (text: string, title?: string) => void;
  onCancel: () => void;
  returnFocus?: () => HTMLElement | null;
}

/**
 * Paste an article's text (copied from a page, an e-mail, a PDF); the title is found if not given.
 * The length is checked as soon as the text is pasted, and the text stays on any error. Props only.
 */
export function PasteTextDialog({ initial, onSave, onCancel, returnFocus }: Props) {
  const [text, setText] = useState(initial.text);
  const [title, setTitle] = useState(initial.title);
  const [error, setError] = useState<string | null>(() => (initial.text ? pastedTextProblem(initial.text) : null));

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = text.trim() ? pastedTextProblem(text) : 'Paste the article’s text first.';
    if (problem) return setError(problem);
    onSave(text, title.trim() || undefined);
  }

  return (
    <Dialog title="Paste text" onClose={onCancel} className="paste-dialog" returnFocus={returnFocus} initialFocus="textarea">
      <form className="paste-panel" onSubmit={submit} aria-label="Save pasted text" noValidate>
        <label>
          Article text
          <textarea
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setError(pastedTextProblem(e.target.value));
            }}
            rows={10}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'paste-error' : undefined}
          />
        </label>
        <label>
          Title (optional)
          <input value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        {error && (
          <p id="paste-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save text
          </button>
        </div>
      </form>
    </Dialog>
  );
}
