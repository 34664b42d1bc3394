import { Dialog } from './Dialog';

/** Unsubscribing asks what becomes of the feed's articles. Props only. */
export function UnsubscribeDialog({ title, articles, onRemove, onClose }: { title: string; articles: number; onRemove: (keepArticles: boolean) => void; onClose: () => void }) {
  return (
    <Dialog title={`Unsubscribe from ${title}?`} onClose={onClose}>
      <p>
        It has {articles} {articles === 1 ? 'article' : 'articles'} in the library. Bookmarked, highlighted and archived ones are kept either way.
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" onClick={() => onRemove(false)} className="danger">
          Unsubscribe and delete its articles
        </button>
        <button type="button" className="primary" onClick={() => onRemove(true)}>
          Unsubscribe, keep articles
        </button>
      </div>
    </Dialog>
  );
}
