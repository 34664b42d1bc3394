import type { Article } from '../../shared/types';
import { formatDate } from '../format';
import { ArticleBody } from './ArticleBody';
import { BookmarkButton } from './BookmarkButton';
import { ImagesNotice } from './ImagesNotice';
import { TextSizeControl } from './TextSizeControl';

interface Props {
  article: Article;
  textSize: number;
  onTextSize: (size: number) => void;
  onToggleBookmark: () => void;
  onRetryImages: () => Promise<void>;
}

/** The reading view: headline, site and byline, date, the body at the chosen text size. Props only. */
export function ReaderView({ article, textSize, onTextSize, onToggleBookmark, onRetryImages }: Props) {
  const published = formatDate(article.publishedTime);
  const original = article.canonicalUrl ?? article.finalUrl ?? article.url;
  return (
    <article className="reader" aria-labelledby="article-title">
      <div className="reader-toolbar">
        <a href="#/" className="back-link">
          ← Library
        </a>
        <TextSizeControl size={textSize} onChange={onTextSize} />
        <BookmarkButton bookmarked={article.bookmarked} onToggle={onToggleBookmark} showLabel />
      </div>
      <header className="reader-header" lang={article.lang ?? undefined} dir={article.dir ?? 'auto'}>
        {article.siteName && <p className="reader-site">{article.siteName}</p>}
        <h1 id="article-title">{article.title}</h1>
        <p className="reader-meta">
          {[article.byline, published ? `Published ${published}` : null, `${article.readingMinutes} min read`].filter(Boolean).join(' · ')}
        </p>
        {original && (
          <p className="reader-original">
            <a href={original} target="_blank" rel="noopener noreferrer">
              Original article
            </a>
          </p>
        )}
      </header>
      <ImagesNotice images={article.images} onRetry={onRetryImages} />
      <ArticleBody html={article.html} lang={article.lang} dir={article.dir} textSize={textSize} />
    </article>
  );
}
