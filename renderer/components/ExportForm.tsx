import { type FormEvent, useState } from 'react';
import type { ArticleView } from '../../shared/api';
import { EXPORT_FORMATS, type ExportFormat, type ExportResult } from '../../shared/transfer';

export interface ExportChoice {
  format: ExportFormat;
  view?: ArticleView;
  tag?: string;
}

interface Props {
  /** The tags to offer for "one tag only". */
  tags: string[];
  busy: boolean;
  result: ExportResult | null;
  error: string | null;
  onExport: (choice: ExportChoice) => void;
}

const FORMATS: Record<ExportFormat, string> = {
  json: 'Offprint JSON (everything, to import again)',
  html: 'Standalone HTML pages',
  markdown: 'Markdown (an Obsidian vault)',
  epub: 'EPUB book',
  netscape: 'Netscape bookmarks (browsers, other apps)',
  opml: 'OPML (feeds)',
};

const VIEWS: [ArticleView | '', string][] = [
  ['', 'Every article'],
  ['unread', 'Unread'],
  ['archived', 'Archived'],
  ['bookmarked', 'Bookmarked'],
];

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Export: a format, which articles (all, a view, a tag), and where the file was written. Props only. */
export function ExportForm({ tags, busy, result, error, onExport }: Props) {
  const [format, setFormat] = useState<ExportFormat>('json');
  const [view, setView] = useState<ArticleView | ''>('');
  const [tag, setTag] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    onExport({ format, ...(view ? { view } : {}), ...(tag ? { tag } : {}) });
  }

  return (
    <form className="export-form" aria-label="Export articles" onSubmit={submit}>
      <div className="transfer-field">
        <label htmlFor="export-format">Export as</label>
        <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
          {EXPORT_FORMATS.map((name) => (
            <option key={name} value={name}>
              {FORMATS[name]}
            </option>
          ))}
        </select>
      </div>
      <div className="transfer-field">
        <label htmlFor="export-view">Articles</label>
        <select id="export-view" value={view} onChange={(e) => setView(e.target.value as ArticleView | '')}>
          {VIEWS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {tags.length > 0 && (
        <div className="transfer-field">
          <label htmlFor="export-tag">Tag</label>
          <select id="export-tag" value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">Any tag</option>
            {tags.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Exporting…' : 'Export'}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && !error && (
        <p className="export-result" role="status">
          {result.articles} {result.articles === 1 ? 'article' : 'articles'} written to <code>{result.path}</code> ({formatBytes(result.bytes)}).
        </p>
      )}
    </form>
  );
}
