import type { ArticleSummary } from '../../shared/types';
import { formatDate } from '../format';
import { routeHref } from '../route';
import { BookmarkButton } from './BookmarkButton';

interface Props {
  articles: ArticleSummary[];
  label: string;
  emptyText: string;
  onToggleBookmark: (article: ArticleSummary) => void;
}

/** A list of saved articles: title, site, saved date, bookmark toggle. Props only. */
export function ArticleList({ articles, label, emptyText, onToggleBookmark }: Props) {
  if (articles.length === 0) return <p className="empty">{emptyText}</p>;
  return (
    <ul className="article-list" aria-label={label}>
      {articles.map((article) => (
        <li key={article.id} className="article-row">
          <div className="article-row-text">
            <a className="article-title" href={routeHref({ name: 'article', id: article.id })} lang={article.lang ?? undefined} dir={article.dir ?? 'auto'}>
              {article.title}
            </a>
            <p className="article-meta">
              {[article.siteName, `Saved ${formatDate(article.savedAt)}`, `${article.readingMinutes} min read`].filter(Boolean).join(' · ')}
            </p>
            {article.excerpt && (
              <p className="article-excerpt" lang={article.lang ?? undefined} dir={article.dir ?? 'auto'}>
                {article.excerpt}
              </p>
            )}
          </div>
          <BookmarkButton bookmarked={article.bookmarked} onToggle={() => onToggleBookmark(article)} />
        </li>
      ))}
    </ul>
  );
}
