import { memo } from 'react';
import type { ArticleSummary } from '../../shared/types';
import { formatDate } from '../format';
import { routeHref } from '../route';
import { BookmarkButton } from './BookmarkButton';

export interface RowActions {
  onToggleBookmark: (article: ArticleSummary) => void;
  onToggleArchived: (article: ArticleSummary) => void;
  onToggleRead: (article: ArticleSummary) => void;
  onDelete: (article: ArticleSummary) => void;
}

/** One saved article in the list: title, site, excerpt, reading time, progress, and its actions. Props only. */
export const ArticleRow = memo(function ArticleRow({ article, onToggleBookmark, onToggleArchived, onToggleRead, onDelete }: RowActions & { article: ArticleSummary }) {
  const meta = [article.siteName, `Saved ${formatDate(article.savedAt)}`, `${article.readingMinutes} min read`, article.readAt ? 'Read' : article.progress > 0 ? `${article.progress}% read` : null];
  return (
    <div className="article-row">
      {article.leadImage && <img className="thumb" src={article.leadImage} alt="" loading="lazy" />}
      <div className="article-row-text">
        <a className="article-title" href={routeHref({ name: 'article', id: article.id })} lang={article.lang ?? undefined} dir={article.dir ?? 'auto'}>
          {article.title}
        </a>
        <p className="article-meta">{meta.filter(Boolean).join(' · ')}</p>
        {article.excerpt && (
          <p className="article-excerpt" lang={article.lang ?? undefined} dir={article.dir ?? 'auto'}>
            {article.excerpt}
          </p>
        )}
        {article.progress > 0 && !article.readAt && (
          <div className="row-progress" aria-hidden="true">
            <div style={{ width: `${article.progress}%` }} />
          </div>
        )}
      </div>
      <div className="row-actions">
        <BookmarkButton bookmarked={article.bookmarked} onToggle={() => onToggleBookmark(article)} />
        <button type="button" className="small" onClick={() => onToggleRead(article)} aria-label={`${article.readAt ? 'Mark unread' : 'Mark read'}: ${article.title}`}>
          {article.readAt ? 'Unread' : 'Read'}
        </button>
        <button type="button" className="small" onClick={() => onToggleArchived(article)} aria-label={`${article.archivedAt ? 'Unarchive' : 'Archive'}: ${article.title}`}>
          {article.archivedAt ? 'Unarchive' : 'Archive'}
        </button>
        <button type="button" className="small danger" onClick={() => onDelete(article)} aria-label={`Delete: ${article.title}`}>
          Delete
        </button>
      </div>
    </div>
  );
});
