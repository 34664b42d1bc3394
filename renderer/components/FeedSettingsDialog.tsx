import { type FormEvent, useState } from 'react';
import type { FeedList, FeedRetention, FeedSettings, FeedSummary, FullTextSource } from '../../shared/feeds';
import { Dialog } from './Dialog';

export interface FeedPatch {
  title?: string;
  folder?: string | null;
  settings?: Partial<FeedSettings>;
}

interface Props {
  feed: FeedSummary;
  defaults: FeedList['defaults'];
  onSave: (patch: FeedPatch) => void;
  onClose: () => void;
}

const REFRESH_CHOICES = [15, 30, 60, 180, 360, 720, 1440];
const minutesLabel = (m: number) => (m < 60 ? `Every ${m} minutes` : m === 60 ? 'Hourly' : m === 1440 ? 'Daily' : `Every ${m / 60} hours`);
const retentionLabel = (r: FeedRetention) => (r.mode === 'days' ? `unread articles for ${r.days} days` : `the newest ${r.count} articles`);

/**
 * A feed's settings: its name and folder, how often it is refreshed, what of it is kept (bookmarked,
 * highlighted and archived-by-hand articles always are), and where the full text comes from. The
 * defaults are shown as such. Props only.
 */
export function FeedSettingsDialog({ feed, defaults, onSave, onClose }: Props) {
  const [title, setTitle] = useState(feed.title);
  const [folder, setFolder] = useState(feed.folder ?? '');
  const [refresh, setRefresh] = useState(feed.settings.refreshMinutes === null ? 'default' : String(feed.settings.refreshMinutes));
  const [keepMode, setKeepMode] = useState<'default' | 'days' | 'count'>(feed.settings.retention?.mode ?? 'default');
  const [keepN, setKeepN] = useState(String(feed.settings.retention ? (feed.settings.retention.mode === 'days' ? feed.settings.retention.days : feed.settings.retention.count) : 30));
  const [fullText, setFullText] = useState<FullTextSource>(feed.settings.fullText);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const n = Math.max(1, Math.round(Number(keepN) || 1));
    onSave({
      ...(title.trim() && title.trim() !== feed.title ? { title: title.trim() } : {}),
      folder: folder.trim() || null,
      settings: {
        refreshMinutes: refresh === 'default' ? null : Number(refresh),
        retention: keepMode === 'default' ? null : keepMode === 'days' ? { mode: 'days', days: n } : { mode: 'count', count: n },
        fullText,
      },
    });
  };
  return (
    <Dialog title={`Settings: ${feed.title}`} onClose={onClose} initialFocus="input">
      <form className="paste-panel" onSubmit={submit}>
        <label>
          Name
          <input value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          Folder
          <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="None" />
        </label>
        <label>
          Refresh
          <select value={refresh} onChange={(e) => setRefresh(e.target.value)}>
            <option value="default">Default ({minutesLabel(defaults.refreshMinutes).toLowerCase()})</option>
            {REFRESH_CHOICES.map((m) => (
              <option key={m} value={String(m)}>
                {minutesLabel(m)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="feed-choices">
          <legend>Keep</legend>
          <label className="feed-choice">
            <input type="radio" name="keep" checked={keepMode === 'default'} onChange={() => setKeepMode('default')} /> Default: {retentionLabel(defaults.retention)}
          </label>
          <label className="feed-choice">
            <input type="radio" name="keep" checked={keepMode === 'days'} onChange={() => setKeepMode('days')} /> Unread articles for N days
          </label>
          <label className="feed-choice">
            <input type="radio" name="keep" checked={keepMode === 'count'} onChange={() => setKeepMode('count')} /> The newest N articles
          </label>
          {keepMode !== 'default' && (
            <label>
              N
              <input type="number" min={1} value={keepN} onChange={(e) => setKeepN(e.target.value)} />
            </label>
          )}
          <p className="add-hint">Bookmarked, highlighted and archived articles are always kept.</p>
        </fieldset>
        <label>
          Full text
          <select value={fullText} onChange={(e) => setFullText(e.target.value as FullTextSource)}>
            <option value="page">From the article’s page (the feed’s text when the page fails)</option>
            <option value="feed">From the feed</option>
          </select>
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
