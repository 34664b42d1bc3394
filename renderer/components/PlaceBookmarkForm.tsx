import { type FormEvent, useState } from 'react';

interface Props {
  snippet: string;
  onSave: (note: string) => void;
  onCancel: () => void;
}

/** Bookmarks the place being read, with an optional note. */
export function PlaceBookmarkForm({ snippet, onSave, onCancel }: Props) {
  const [note, setNote] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    onSave(note);
  }
  return (
    <form className="place-form" onSubmit={submit} aria-label="Bookmark this place">
      <p className="place-snippet">“{snippet}”</p>
      <label>
        Note (optional)
        <input value={note} onChange={(e) => setNote(e.target.value)} autoFocus />
      </label>
      <div className="paste-actions">
        <button type="submit" className="primary">
          Save place
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
