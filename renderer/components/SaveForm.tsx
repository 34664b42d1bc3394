import { type ChangeEvent, type FormEvent, useState } from 'react';
import { PasteTextPanel } from './PasteTextPanel';

interface Props {
  onSaveUrl: (url: string) => void;
  onSaveText: (text: string, title?: string) => void;
  onSaveFile: (file: File) => void;
}

/** The ways in: paste an address, paste text, or open a saved .html page or a .txt file. Saves queue below. */
export function SaveForm({ onSaveUrl, onSaveText, onSaveFile }: Props) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pasting, setPasting] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = url.trim();
    if (!value) {
      setError('Type or paste a web address to save.');
      return;
    }
    setError(null);
    setUrl('');
    onSaveUrl(value);
  }

  function openFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) onSaveFile(file);
  }

  return (
    <div className="save-area">
      <form className="save-form" onSubmit={submit} aria-label="Save an article" noValidate>
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
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={() => setPasting((p) => !p)} aria-expanded={pasting}>
          Paste text
        </button>
        <label className="file-button">
          Open file
          <input type="file" accept=".html,.htm,.xhtml,.txt,text/html,text/plain" onChange={openFile} className="visually-hidden" />
        </label>
        {error && (
          <p className="save-error" role="alert">
            {error}
          </p>
        )}
      </form>
      {pasting && (
        <PasteTextPanel
          onCancel={() => setPasting(false)}
          onSave={(text, title) => {
            setPasting(false);
            onSaveText(text, title);
          }}
        />
      )}
    </div>
  );
}
