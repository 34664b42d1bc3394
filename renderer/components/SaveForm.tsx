import { type FormEvent, useState } from 'react';

interface Props {
  onSave: (url: string) => Promise<void>;
}

/** Paste an address, press Save; shows progress and the error message as it is. */
export function SaveForm({ onSave }: Props) {
  const [url, setUrl] = useState('');
  const [status, setStatus] = useState<{ kind: 'idle' } | { kind: 'saving' } | { kind: 'error'; message: string }>({ kind: 'idle' });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = url.trim();
    if (!value) {
      setStatus({ kind: 'error', message: 'Type or paste a web address to save.' });
      return;
    }
    setStatus({ kind: 'saving' });
    try {
      await onSave(value);
      setUrl('');
      setStatus({ kind: 'idle' });
    } catch (error) {
      setStatus({ kind: 'error', message: (error as Error).message });
    }
  }

  return (
    <form className="save-form" onSubmit={submit} role="search" aria-label="Save an article" noValidate>
      <label htmlFor="save-url" className="visually-hidden">
        Article address
      </label>
      <input
        id="save-url"
        type="url"
        inputMode="url"
        placeholder="Paste an article address to save it"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        disabled={status.kind === 'saving'}
        autoComplete="off"
        spellCheck={false}
      />
      <button type="submit" disabled={status.kind === 'saving'}>
        {status.kind === 'saving' ? 'Saving…' : 'Save'}
      </button>
      <p className="save-status" role="status" aria-live="polite">
        {status.kind === 'saving' ? 'Fetching and extracting the article…' : ''}
      </p>
      {status.kind === 'error' && (
        <p className="save-error" role="alert">
          {status.message}
        </p>
      )}
    </form>
  );
}
