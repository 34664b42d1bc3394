import type { BookmarkEntry } from '../../shared/types';
import { formatDate } from '../format';
import { routeHref } from '../route';
import { VirtualList } from './VirtualList';

interface Props {
  entries: readonly BookmarkEntry[];
  onRemove: (entry: BookmarkEntry) => void;
}

/** Bookmarked articles and places, newest first; choosing one opens it (at the place). */
export function BookmarksView({ entries, onRemove }: Props) {
  if (entries.length === 0) return <p className="empty">No bookmarks yet. Press ☆ on an article, or “Bookmark this place” while reading.</p>;
  const keyOf = (entry: BookmarkEntry) => (entry.kind === 'place' ? entry.place.placeId : entry.article.id);
  return (
    <VirtualList
      count={entries.length}
      label="Bookmarked articles"
      estimateSize={120}
      getKey={(i) => keyOf(entries[i]!)}
      renderItem={(i) => {
        const entry = entries[i]!;
        const { article } = entry;
        const href = entry.kind === 'place' ? routeHref({ name: 'article', id: article.id, at: entry.place.position }) : routeHref({ name: 'article', id: article.id });
        return (
          <div className="article-row">
            <div className="article-row-text">
              <a className="article-title" href={href} lang={article.lang ?? undefined}>
                {article.title}
              </a>
              <p className="article-meta">
                {[entry.kind === 'place' ? 'Place in the article' : 'Article', article.siteName, `Bookmarked ${formatDate(entry.createdAt)}`].filter(Boolean).join(' · ')}
              </p>
              <p className="article-excerpt" lang={article.lang ?? undefined}>
                {entry.kind === 'place' ? `“${entry.place.snippet}”` : article.excerpt}
              </p>
              {entry.kind === 'place' && entry.place.note && <p className="place-note">Note: {entry.place.note}</p>}
            </div>
            <div className="row-actions">
              <button type="button" className="small" onClick={() => onRemove(entry)} aria-label={`Remove bookmark: ${entry.kind === 'place' ? entry.place.snippet.slice(0, 40) : article.title}`}>
                Remove
              </button>
            </div>
          </div>
        );
      }}
    />
  );
}
