import { type FormEvent, useState } from 'react';

interface Props {
  onSave: (text: string, title?: string) => void;
  onCancel: () => void;
}

/** Paste an article's text (copied from a page, an e-mail, a PDF); the title is found if not given. */
export function PasteTextPanel({ onSave, onCancel }: Props) {
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) {
      setError('Paste the article’s text first.');
      return;
    }
    onSave(text, title.trim() || undefined);
  }

  return (
    <form className="paste-panel" onSubmit={submit} aria-label="Save pasted text">
      <label>
        Title (optional)
        <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        Article text
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={8} />
      </label>
      {error && (
        <p className="save-error" role="alert">
          {error}
        </p>
      )}
      <div className="paste-actions">
        <button type="submit" className="primary">
          Save text
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
