import { splitHighlights } from '../../shared/highlight';
import type { SearchHit } from '../../shared/types';
import { formatDate } from '../format';
import { routeHref } from '../route';
import { VirtualList } from './VirtualList';

interface Props {
  query: string;
  hits: SearchHit[];
  total: number;
  onNearEnd: () => void;
}

/** Matching articles, best first, each with the matching passage and the matches marked. */
export function SearchResults({ query, hits, total, onNearEnd }: Props) {
  if (hits.length === 0) return <p className="empty">No articles match “{query}”.</p>;
  return (
    <>
      <p className="search-count" role="status">
        {total === 1 ? '1 article matches' : `${total} articles match`}
      </p>
      <VirtualList
        count={hits.length}
        label="Search results"
        estimateSize={120}
        getKey={(i) => hits[i]!.article.id}
        articleIdOf={(i) => hits[i]!.article.id}
        onNearEnd={onNearEnd}
        renderItem={(i) => {
          const { article, snippet, highlights } = hits[i]!;
          return (
            <div className="article-row">
              <div className="article-row-text">
                <a className="article-title" href={routeHref({ name: 'article', id: article.id })} lang={article.lang ?? undefined} dir={article.dir ?? 'auto'}>
                  {article.title}
                </a>
                <p className="article-meta">{[article.siteName, `Saved ${formatDate(article.savedAt)}`].filter(Boolean).join(' · ')}</p>
                <p className="search-snippet" lang={article.lang ?? undefined} dir={article.dir ?? 'auto'}>
                  {splitHighlights(snippet, highlights).map((segment, k) => (segment.match ? <mark key={k}>{segment.text}</mark> : <span key={k}>{segment.text}</span>))}
                </p>
              </div>
            </div>
          );
        }}
      />
    </>
  );
}
