import { type FormEvent, useState } from 'react';
import { Dialog } from './Dialog';

interface Props {
  tag: string;
  count: number;
  /** A name another tag already has merges the two. */
  onRename: (name: string) => void;
  onDelete: () => void;
  error: string | null;
}

/** A tag view's own actions: rename it (a name another tag has merges them), or delete it from every article. Props only. */
export function TagActions({ tag, count, onRename, onDelete, error }: Props) {
  const [open, setOpen] = useState<'rename' | 'delete' | null>(null);
  const [name, setName] = useState(tag);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() && name.trim() !== tag) onRename(name.trim());
    setOpen(null);
  };
  return (
    <div className="view-actions">
      <button
        type="button"
        className="small"
        onClick={() => {
          setName(tag);
          setOpen('rename');
        }}
      >
        Rename or merge…
      </button>
      <button type="button" className="small danger" onClick={() => setOpen('delete')}>
        Delete tag…
      </button>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {open === 'rename' && (
        <Dialog title={`Rename “${tag}”`} onClose={() => setOpen(null)} initialFocus="input">
          <form onSubmit={submit} className="paste-panel">
            <label>
              New name (an existing tag’s name merges the two)
              <input value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <div className="dialog-actions">
              <button type="button" onClick={() => setOpen(null)}>
                Cancel
              </button>
              <button type="submit" className="primary">
                Rename
              </button>
            </div>
          </form>
        </Dialog>
      )}
      {open === 'delete' && (
        <Dialog title={`Delete the tag “${tag}”?`} onClose={() => setOpen(null)}>
          <p>
            It is taken off {count} {count === 1 ? 'article' : 'articles'}; the articles stay.
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={() => setOpen(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="primary danger-fill"
              onClick={() => {
                setOpen(null);
                onDelete();
              }}
            >
              Delete tag
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
