import type { ImportSummary } from '../../shared/transfer';
import type { ArticleSummary } from '../../shared/types';
import { displayTitle } from '../display-title';
import { formatDate } from '../format';

interface Props {
  imports: ImportSummary[] | null;
  /** Articles whose download failed, with the reason on each (`download.error`). */
  failed: { items: ArticleSummary[]; total: number } | null;
  onPause: (id: string) => void;
  onResume: (id: string) => void;
  onCancel: (id: string) => void;
  onRetryFailed: () => void;
}

const STATUS: Record<ImportSummary['status'], string> = {
  listing: 'Listing entries',
  downloading: 'Downloading',
  paused: 'Paused',
  done: 'Done',
  cancelled: 'Cancelled',
};

/** Where an import is, in one line: listing N of M, then downloads N of M. */
export function importProgressLine(i: ImportSummary): string {
  if (i.status === 'listing') return `${i.listed} of ${i.total} entries listed`;
  const done = i.downloaded + i.failed;
  return `${done} of ${i.imported} downloaded${i.failed ? ` · ${i.failed} failed` : ''}${i.waiting ? ` · ${i.waiting} waiting` : ''}`;
}

/** The imports, newest first, each with its progress, counts, skipped entries and Pause/Resume/Cancel; then the failed downloads. Props only. */
export function ImportList({ imports, failed, onPause, onResume, onCancel, onRetryFailed }: Props) {
  if (!imports) return <p className="muted">Reading the imports…</p>;
  return (
    <>
      {imports.length === 0 ? (
        <p className="muted">Nothing imported yet.</p>
      ) : (
        <ul className="import-list" aria-label="Imports">
          {[...imports].reverse().map((i) => {
            const running = i.status === 'listing' || i.status === 'downloading';
            const ended = i.status === 'done' || i.status === 'cancelled';
            const total = i.status === 'listing' ? i.total : i.imported;
            const value = i.status === 'listing' ? i.listed : i.downloaded + i.failed;
            return (
              <li key={i.id} aria-label={`Import of ${i.name}`}>
                <div className="import-head">
                  <strong>{i.name}</strong>
                  <span className="muted">
                    {i.format} · {formatDate(i.createdAt)} · {STATUS[i.status]}
                  </span>
                </div>
                <progress max={Math.max(total, 1)} value={ended && total === 0 ? 1 : value} aria-label={`Progress of ${i.name}`} />
                <p className="import-progress">{importProgressLine(i)}</p>
                <p className="muted">
                  {i.imported} added · {i.duplicates} already in the library · {i.skipped} skipped
                  {i.highlights ? ` · ${i.placed} of ${i.highlights} highlights placed` : ''}
                  {i.wayback ? ' · Wayback Machine for dead pages' : ''}
                </p>
                {i.skippedEntries.length > 0 && (
                  <details>
                    <summary>Skipped entries ({i.skipped})</summary>
                    <ul className="import-skipped">
                      {i.skippedEntries.map((entry, n) => (
                        <li key={n}>
                          <span dir="auto">{entry.title ?? entry.url ?? 'An entry without an address'}</span>: {entry.reason}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
                {!ended && (
                  <div className="import-actions">
                    {running ? (
                      <button type="button" className="small" onClick={() => onPause(i.id)}>
                        Pause
                      </button>
                    ) : (
                      <button type="button" className="small" onClick={() => onResume(i.id)}>
                        Resume
                      </button>
                    )}
                    <button type="button" className="small danger" onClick={() => onCancel(i.id)}>
                      Cancel
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {failed && failed.total > 0 && (
        <section aria-labelledby="failed-downloads" className="failed-downloads">
          <h3 id="failed-downloads">Failed downloads ({failed.total})</h3>
          <ul>
            {failed.items.map((a) => (
              <li key={a.id}>
                <span dir="auto">{displayTitle(a)}</span>: {a.download?.error ?? 'no reason given'}
              </li>
            ))}
          </ul>
          <button type="button" className="small" onClick={onRetryFailed}>
            Retry failed downloads
          </button>
        </section>
      )}
    </>
  );
}
