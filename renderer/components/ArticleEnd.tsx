interface Props {
  read: boolean;
  archived: boolean;
  onArchive: () => void;
  /** Opens the next unread article; null when there is none. */
  onNextUnread: (() => void) | null;
}

/** What the end of an article offers: archive it, or go on to the next unread one. Props only. */
export function ArticleEnd({ read, archived, onArchive, onNextUnread }: Props) {
  return (
    <footer className="article-end" aria-label="End of the article">
      <p>{read ? 'You have finished this article.' : 'End of the article.'}</p>
      <div className="article-end-actions">
        <button type="button" onClick={onArchive}>
          {archived ? 'Unarchive' : 'Archive'}
        </button>
        <button type="button" className="primary" onClick={() => onNextUnread?.()} disabled={!onNextUnread}>
          Next unread <span aria-hidden="true">→</span>
        </button>
      </div>
    </footer>
  );
}
