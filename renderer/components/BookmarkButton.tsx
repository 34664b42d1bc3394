interface Props {
  bookmarked: boolean;
  onToggle: () => void;
  /** Shown next to the icon (the reader shows a word; the list shows the icon only). */
  showLabel?: boolean;
}

/** A toggle: its accessible name says what pressing it does, `aria-pressed` says the state. */
export function BookmarkButton({ bookmarked, onToggle, showLabel = false }: Props) {
  const label = bookmarked ? 'Remove bookmark' : 'Bookmark';
  return (
    <button type="button" className="bookmark-button" aria-pressed={bookmarked} aria-label={label} title={label} onClick={onToggle}>
      <span aria-hidden="true" className="bookmark-icon">
        {bookmarked ? '★' : '☆'}
      </span>
      {showLabel && <span aria-hidden="true">{bookmarked ? 'Bookmarked' : 'Bookmark'}</span>}
    </button>
  );
}
