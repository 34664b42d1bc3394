import { type FormEvent, useRef, useState } from 'react';
import type { ArticleSummary, Settings } from '../../shared/types';
import { BookmarkButton } from './BookmarkButton';
import { type MenuItem, MenuButton } from './MenuButton';
import { Popover } from './Popover';
import { ReadingSettings } from './ReadingSettings';

interface Props {
  article: ArticleSummary;
  settings: Settings;
  /** Where "← Library" goes: the list the article was opened from. */
  backHref: string;
  /** Hidden while the reader scrolls down (it comes back on scrolling up, or when it has focus). */
  hidden: boolean;
  onSettings: (patch: Partial<Settings>) => void;
  onToggleBookmark: () => void;
  menu: MenuItem[];
  /** The place being bookmarked ("Bookmark this place" from the menu), or null. */
  place: { snippet: string } | null;
  onPlaceSave: (note: string) => void;
  onPlaceCancel: () => void;
}

function PlaceForm({ snippet, onSave, onCancel }: { snippet: string; onSave: (note: string) => void; onCancel: () => void }) {
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(note);
  };
  return (
    <form className="place-form" onSubmit={submit} aria-label="Bookmark this place">
      <p className="place-snippet">“{snippet}”</p>
      <label>
        Note (optional)
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Save place
        </button>
      </div>
    </form>
  );
}

/**
 * The reader's one slim bar: ← Library · site · Aa · ☆ · ⋯. Aa and "Bookmark this place" open as
 * popovers anchored to it, so nothing opens far from where the reader is. Props only.
 */
export function ReaderBar({ article, settings, backHref, hidden, onSettings, onToggleBookmark, menu, place, onPlaceSave, onPlaceCancel }: Props) {
  const [showSettings, setShowSettings] = useState(false);
  const aaRef = useRef<HTMLButtonElement>(null);
  const moreRef = useRef<HTMLSpanElement>(null);
  const moreButton = () => moreRef.current?.querySelector<HTMLElement>('button') ?? null;
  return (
    <header className={`reader-bar${hidden && !showSettings && !place ? ' is-hidden' : ''}`}>
      <a href={backHref} className="back-link">
        <span aria-hidden="true">← </span>Library
      </a>
      <span className="bar-site" lang={article.lang ?? undefined} dir="auto">
        {article.siteName ?? ''}
      </span>
      <div className="bar-tools">
        <span className="popover-anchor">
          <button
            ref={aaRef}
            type="button"
            className="icon-button aa-button"
            aria-label="Reading settings"
            title="Reading settings: size, font, width, theme"
            aria-expanded={showSettings}
            aria-haspopup="dialog"
            onClick={() => setShowSettings((v) => !v)}
          >
            <span aria-hidden="true">
              <span className="aa-small">A</span>A
            </span>
          </button>
          {showSettings && (
            <Popover label="Reading settings" anchorRef={aaRef} onClose={() => setShowSettings(false)} className="settings-popover">
              <ReadingSettings settings={settings} onChange={onSettings} />
            </Popover>
          )}
        </span>
        <BookmarkButton bookmarked={article.bookmarked} onToggle={onToggleBookmark} />
        <span className="popover-anchor" ref={moreRef}>
          <MenuButton label="More" items={menu} />
          {place && (
            <Popover label="Bookmark this place" anchorRef={moreRef} onClose={onPlaceCancel} className="place-popover" initialFocus="input" returnFocus={moreButton}>
              <PlaceForm
                snippet={place.snippet}
                onCancel={() => {
                  onPlaceCancel();
                  moreButton()?.focus({ preventScroll: true });
                }}
                onSave={(note) => {
                  onPlaceSave(note);
                  moreButton()?.focus({ preventScroll: true });
                }}
              />
            </Popover>
          )}
        </span>
      </div>
    </header>
  );
}
