import { type ChangeEvent, type FormEvent, useRef, useState } from 'react';
import { readAddress } from '../save-input';
import { Popover } from './Popover';

interface Props {
  open: boolean;
  /** What the address field holds (kept in the store, so "Edit address" can put one back). */
  draft: string;
  onDraft: (value: string) => void;
  onOpen: (open: boolean) => void;
  onSaveUrl: (url: string) => void;
  onPasteText: () => void;
  onSaveFile: (file: File) => void;
  /** A smaller button (the bar below 900 px). */
  compact?: boolean;
}

/**
 * "+ Add": one button for the three ways in. Its popover holds the address field (a host name
 * gets https://, an error is shown under it and the text stays), "Paste text…" and "Open file…".
 * It stays open after a save, so several addresses can go in one after another. Props only.
 */
export function AddPanel({ open, draft, onDraft, onOpen, onSaveUrl, onPasteText, onSaveFile, compact = false }: Props) {
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const read = readAddress(draft);
    if ('error' in read) return setError(read.error);
    setError(null);
    onDraft('');
    onSaveUrl(read.url);
  }

  function openFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) {
      onSaveFile(file);
      onOpen(false);
    }
  }

  return (
    <div className="add-anchor">
      <button
        ref={buttonRef}
        type="button"
        className={`primary add-button${compact ? ' compact' : ''}`}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => onOpen(!open)}
      >
        <span aria-hidden="true">+</span> Add
      </button>
      {open && (
        <Popover label="Add an article" anchorRef={buttonRef} onClose={() => onOpen(false)} className="add-popover" initialFocus="#save-url">
          <form className="save-form" onSubmit={submit} aria-label="Save an article" noValidate>
            <label htmlFor="save-url">Article address</label>
            <div className="save-row">
              <input
                id="save-url"
                type="text"
                inputMode="url"
                placeholder="https://example.com/story"
                value={draft}
                onChange={(e) => {
                  onDraft(e.target.value);
                  if (error) setError(null);
                }}
                autoComplete="off"
                spellCheck={false}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? 'save-url-error' : undefined}
              />
              <button type="submit" className="primary">
                Save
              </button>
            </div>
            {error && (
              <p id="save-url-error" className="field-error" role="alert">
                {error}
              </p>
            )}
          </form>
          <div className="add-others">
            <button type="button" onClick={onPasteText}>
              Paste text…
            </button>
            <label className="file-button">
              Open file…
              <input type="file" accept=".html,.htm,.xhtml,.txt,text/html,text/plain" onChange={openFile} className="visually-hidden" />
            </label>
          </div>
          <p className="add-hint">You can also drop a link anywhere on the window, or paste one when nothing else has focus.</p>
        </Popover>
      )}
    </div>
  );
}
