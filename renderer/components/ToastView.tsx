import { displayTitle } from '../display-title';
import { routeHref } from '../route';
import type { Toast, UndoEntry } from '../store/toasts';

interface Props {
  toast: Toast | null;
  onUndo: () => void;
  onDismiss: (id: number) => void;
}

function undoMessage(entry: UndoEntry): string {
  const title = `“${displayTitle(entry.article)}”`;
  switch (entry.kind) {
    case 'archived':
      return `Archived ${title}`;
    case 'deleted':
      return `Deleted ${title}`;
    case 'unbookmarked':
      return `Removed the bookmark of ${title}`;
    case 'place-removed':
      return entry.place.note ? `Removed a bookmarked place and its note in ${title}` : `Removed a bookmarked place in ${title}`;
  }
}

/**
 * The toast at the bottom of the window, in a live region that is always there, so what it says is
 * read out as it changes: "Saved · Open", "Place saved · Show in Bookmarks", "Archived … · Undo". Props only.
 */
export function ToastView({ toast, onUndo, onDismiss }: Props) {
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast && (
        <div className="toast" key={toast.id}>
          {toast.kind === 'saved' && (
            <>
              <span className="toast-text">Saved “{displayTitle(toast.article)}”</span>
              <a href={routeHref({ name: 'article', id: toast.article.id })} onClick={() => onDismiss(toast.id)}>
                Open
              </a>
            </>
          )}
          {toast.kind === 'place-saved' && (
            <>
              <span className="toast-text">Place saved</span>
              <a href={routeHref({ name: 'bookmarks' })} onClick={() => onDismiss(toast.id)}>
                Show in Bookmarks
              </a>
            </>
          )}
          {toast.kind === 'undo' && (
            <>
              <span className="toast-text">{undoMessage(toast.entry)}</span>
              <button type="button" onClick={onUndo} aria-keyshortcuts="Control+Z Meta+Z">
                Undo
              </button>
            </>
          )}
          {toast.kind === 'message' && <span className="toast-text">{toast.text}</span>}
          <button type="button" className="link-button toast-close" aria-label="Dismiss" title="Dismiss" onClick={() => onDismiss(toast.id)}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
    </div>
  );
}
