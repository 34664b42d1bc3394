import { type FormEvent, useId, useState } from 'react';
import type { DiscoveredFeed } from '../../shared/feeds';
import { Dialog } from './Dialog';

interface Props {
  draft: string;
  folders: readonly string[];
  /** The feeds found at the address, when there was more than one to choose from. */
  choices: readonly DiscoveredFeed[] | null;
  busy: boolean;
  error: string | null;
  /** Looks for feeds at the address (a feed's, or a site's). */
  onFind: (url: string, folder: string) => void;
  onSubscribe: (url: string, folder: string) => void;
  onClose: () => void;
}

const FORMAT: Record<NonNullable<DiscoveredFeed['format']>, string> = { rss: 'RSS', atom: 'Atom', rdf: 'RSS 1.0', json: 'JSON Feed' };

/**
 * "Add feed": a feed's address or a site's; the feeds found there are offered when there are
 * several; an optional folder. Props only.
 */
export function AddFeedDialog({ draft, folders, choices, busy, error, onFind, onSubscribe, onClose }: Props) {
  const [url, setUrl] = useState(draft);
  const [folder, setFolder] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choices && chosen) onSubscribe(chosen, folder);
    else if (url.trim()) onFind(url.trim(), folder);
  };
  return (
    <Dialog title="Add feed" onClose={onClose} initialFocus="input">
      <form className="paste-panel" onSubmit={submit} aria-busy={busy}>
        <label>
          Feed or site address
          <input
            type="url"
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              setChosen(null);
            }}
            placeholder="https://example.com or its feed"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
        </label>
        <label>
          Folder (optional; “News/Korea” nests)
          <input value={folder} onChange={(e) => setFolder(e.target.value)} list={`${id}-folders`} autoComplete="off" />
          <datalist id={`${id}-folders`}>
            {folders.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
        </label>
        {choices && (
          <fieldset className="feed-choices">
            <legend>{choices.length} feeds found: choose one</legend>
            {choices.map((c) => (
              <label key={c.url} className="feed-choice">
                <input type="radio" name={`${id}-feed`} value={c.url} checked={chosen === c.url} onChange={() => setChosen(c.url)} />
                <span>
                  {c.title ?? c.url}
                  <span className="article-meta">
                    {' '}
                    · {c.format ? FORMAT[c.format] : 'Feed'} · {c.url}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {error && (
          <p role="alert" id={`${id}-error`} className="field-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !url.trim() || (choices !== null && !chosen)}>
            {busy ? 'Looking…' : choices ? 'Subscribe' : 'Find and subscribe'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
