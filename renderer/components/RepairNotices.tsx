import type { LibraryNotice } from '../../shared/types';

interface Props {
  notices: readonly LibraryNotice[];
  error: string | null;
  onDismiss: (id: string) => void;
}

/** A banner for each repair the library made when it opened: what happened, what was lost, where the damaged files are. */
export function RepairNotices({ notices, error, onDismiss }: Props) {
  if (notices.length === 0) return null;
  return (
    <div className="repair-notices">
      {notices.map((notice) => (
        <section key={notice.id} className="repair-notice" role="alert" aria-labelledby={`repair-${notice.id}`}>
          <h2 id={`repair-${notice.id}`}>Offprint repaired your library</h2>
          <ul>
            {notice.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p className="repair-kept">
            The damaged files are kept, untouched, in <code>{notice.keptIn}</code>.
          </p>
          <button type="button" onClick={() => onDismiss(notice.id)}>
            Dismiss
          </button>
        </section>
      ))}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
