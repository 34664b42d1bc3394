import { memo } from 'react';
import type { ArticleSummary } from '../../shared/types';
import { displayTitle } from '../display-title';
import { relativeDate, rowMeta } from '../format';
import { routeHref } from '../route';
import { BookmarkButton } from './BookmarkButton';
import { DownloadBadge } from './DownloadBadge';
import { MenuButton } from './MenuButton';
import { Thumbnail } from './Thumbnail';

export interface RowActions {
  onToggleBookmark: (article: ArticleSummary) => void;
  onToggleArchived: (article: ArticleSummary) => void;
  onToggleRead: (article: ArticleSummary) => void;
  onDelete: (article: ArticleSummary) => void;
  /** Opens the tag editor for the article (t). */
  onEditTags?: (article: ArticleSummary) => void;
  /** The title was followed: where the list is, so that going back can return here. */
  onOpen?: (article: ArticleSummary) => void;
  /** Tries a failed download of an imported article again (issue 15). */
  onRetryDownload?: (article: ArticleSummary) => void;
}

/** Opens an article's web address outside the app (the shell and `serve` send it to the browser). */
function openOriginal(url: string) {
  window.open(url, '_blank', 'noopener,noreferrer');
}

/**
 * One saved article in the list: a thumbnail, the title, "site · 4 min · 31 %" and when it was
 * saved; its actions (bookmark, mark as read, archive, ⋯ with delete and the original) show on
 * hover, focus or selection. Props only.
 */
export const ArticleRow = memo(function ArticleRow({ article, onToggleBookmark, onToggleArchived, onToggleRead, onDelete, onEditTags, onOpen, onRetryDownload }: RowActions & { article: ArticleSummary }) {
  const title = displayTitle(article);
  const original = article.canonicalUrl ?? article.finalUrl ?? article.url;
  const saved = relativeDate(article.savedAt);
  return (
    <div className={`article-row${article.readAt ? ' is-read' : ''}`}>
      <Thumbnail article={article} />
      <div className="article-row-text">
        <a className="article-title" href={routeHref({ name: 'article', id: article.id })} lang={article.lang ?? undefined} dir="auto" onClick={() => onOpen?.(article)}>
          {title}
        </a>
        <p className="article-meta">
          {article.bookmarked && (
            <span className="row-star">
              <span aria-hidden="true">★ </span>
              <span className="visually-hidden">Bookmarked · </span>
            </span>
          )}
          {rowMeta(article).join(' · ')}
          {article.tags.length > 0 && (
            <span className="row-tags">
              <span className="visually-hidden"> · Tags: </span>
              {article.tags.map((tag) => (
                <span key={tag} className="tag-chip small-chip">
                  {tag}
                </span>
              ))}
            </span>
          )}
          {saved && (
            <>
              {' · '}
              <time dateTime={article.savedAt} title={`Saved ${new Date(article.savedAt).toLocaleString()}`}>
                {saved}
              </time>
            </>
          )}
        </p>
        {(article.download || article.archivedCopy) && <DownloadBadge article={article} onRetry={onRetryDownload && (() => onRetryDownload(article))} />}
        {article.progress > 0 && !article.readAt && (
          <div className="row-progress" aria-hidden="true">
            <div style={{ width: `${article.progress}%` }} />
          </div>
        )}
      </div>
      <div className="row-actions">
        <BookmarkButton bookmarked={article.bookmarked} onToggle={() => onToggleBookmark(article)} />
        <button type="button" className="small" onClick={() => onToggleRead(article)} aria-label={`${article.readAt ? 'Mark as unread' : 'Mark as read'}: ${title}`}>
          {article.readAt ? 'Mark as unread' : 'Mark as read'}
        </button>
        <button type="button" className="small" onClick={() => onToggleArchived(article)} aria-label={`${article.archivedAt ? 'Unarchive' : 'Archive'}: ${title}`}>
          {article.archivedAt ? 'Unarchive' : 'Archive'}
        </button>
        <MenuButton
          label={`More actions: ${title}`}
          items={[
            ...(onEditTags ? [{ label: 'Edit tags…', onSelect: () => onEditTags(article) }] : []),
            ...(original ? [{ label: 'Open original', onSelect: () => openOriginal(original) }] : []),
            { label: 'Delete', danger: true, onSelect: () => onDelete(article) },
          ]}
        />
      </div>
    </div>
  );
});
