import { type FormEvent, useId, useState } from 'react';
import { cleanTagName, tagKey } from '../../shared/annotations';
import { Dialog } from './Dialog';

interface Props {
  title: string;
  tags: readonly string[];
  /** Every tag of the library, for completion. */
  known: readonly string[];
  error: string | null;
  onAdd: (tags: string[]) => void;
  onRemove: (tag: string) => void;
  onClose: () => void;
}

/** Splits what was typed into tag names: commas separate them; a name keeps its case and spaces. */
export function typedTags(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of value.split(',')) {
    const name = cleanTagName(part);
    if (name && !seen.has(tagKey(name))) {
      seen.add(tagKey(name));
      out.push(name);
    }
  }
  return out;
}

/**
 * An article's tags (t): each with its remove button, and a field that completes from the
 * library's tags (Enter adds; commas separate several). Every change is saved at once. Props only.
 */
export function TagEditor({ title, tags, known, error, onAdd, onRemove, onClose }: Props) {
  const [value, setValue] = useState('');
  const listId = useId();
  const own = new Set(tags.map(tagKey));
  const suggestions = known.filter((name) => !own.has(tagKey(name)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const names = typedTags(value).filter((name) => !own.has(tagKey(name)));
    if (names.length) onAdd(names);
    setValue('');
  };
  return (
    <Dialog title={`Tags: ${title}`} onClose={onClose} className="tag-editor" initialFocus="input">
      {tags.length ? (
        <ul className="tag-chips" aria-label="Tags on this article">
          {tags.map((tag) => (
            <li key={tag} className="tag-chip">
              {tag}
              <button type="button" className="link-button" aria-label={`Remove tag ${tag}`} onClick={() => onRemove(tag)}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">No tags yet.</p>
      )}
      <form onSubmit={submit} className="save-row">
        <label className="visually-hidden" htmlFor={`${listId}-input`}>
          Add a tag
        </label>
        <input id={`${listId}-input`} list={listId} value={value} onChange={(e) => setValue(e.target.value)} placeholder="Add a tag (Enter; commas for several)" autoComplete="off" />
        <datalist id={listId}>
          {suggestions.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <button type="submit" disabled={typedTags(value).length === 0}>
          Add
        </button>
      </form>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
