import type { ArticleSummary } from '../../shared/types';
import { displayTitle } from '../display-title';
import { formatDate } from '../format';
import { routeHref } from '../route';

/**
 * The article's headline, site and byline, in the article's language and direction; the app's own
 * words ("2 min read", "Published …") stay left-to-right English, each isolated, at the article's edge.
 */
export function ArticleHeader({ article, onEditTags }: { article: ArticleSummary; onEditTags?: () => void }) {
  const published = formatDate(article.publishedTime);
  const lang = article.lang ?? undefined;
  return (
    <header className="reader-header" dir={article.dir ?? 'auto'}>
      {article.siteName && (
        <p className="reader-site" lang={lang}>
          {article.siteName}
        </p>
      )}
      <h1 id="article-title" lang={lang}>
        {displayTitle(article)}
      </h1>
      <p className="reader-meta">
        {article.byline && (
          <span className="reader-byline" lang={lang}>
            {article.byline}
          </span>
        )}
        {published && (
          <bdi dir="ltr" lang="en">
            Published {published}
          </bdi>
        )}
        <bdi dir="ltr" lang="en">
          {article.readingMinutes} min read
        </bdi>
      </p>
      {onEditTags && (
        <div className="reader-tags" lang="en" dir="ltr">
          {article.tags.length > 0 && (
            <ul aria-label="Tags">
              {article.tags.map((tag) => (
                <li key={tag}>
                  <a className="tag-chip" href={routeHref({ name: 'tag', tag })}>
                    {tag}
                  </a>
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="link-button tag-edit" onClick={onEditTags} title="Edit tags (t)">
            {article.tags.length ? 'Edit tags' : '+ Add tags'}
          </button>
        </div>
      )}
    </header>
  );
}
