import { splitHighlights } from '../../shared/highlight';
import type { SearchHit } from '../../shared/types';
import { displayTitle } from '../display-title';
import { relativeDate } from '../format';
import { routeHref } from '../route';
import { VirtualList } from './VirtualList';

interface Props {
  query: string;
  hits: SearchHit[];
  total: number;
  /** A refined query is on its way: the results shown are the previous query's, dimmed. */
  stale: boolean;
  onNearEnd: () => void;
}

/** The word a hit matched first (its first marked range), for opening the article there. */
export function firstMatch(hit: SearchHit): string | null {
  const range = hit.highlights[0];
  return range ? hit.snippet.slice(range[0], range[1]) : null;
}

/** Matching articles, best first, each with the passage around the word that matched, marked; each opens at its first match. Props only. */
export function SearchResults({ query, hits, total, stale, onNearEnd }: Props) {
  if (hits.length === 0) {
    return (
      <p className={`empty${stale ? ' stale' : ''}`} role="status">
        {stale ? 'Searching…' : `No articles match “${query}”.`}
      </p>
    );
  }
  return (
    <div className={stale ? 'search-results stale' : 'search-results'} aria-busy={stale}>
      <p className="search-count" role="status">
        {stale ? 'Searching…' : total === 1 ? '1 article matches' : `${total} articles match`}
      </p>
      <VirtualList
        count={hits.length}
        label="Search results"
        estimateSize={110}
        getKey={(i) => hits[i]!.article.id}
        articleIdOf={(i) => hits[i]!.article.id}
        onNearEnd={onNearEnd}
        renderItem={(i) => {
          const hit = hits[i]!;
          const { article, snippet, highlights } = hit;
          const match = firstMatch(hit);
          // Found in one of the reader's highlights or notes (issue 13): it says so, and opens there.
          const where = hit.matchedIn === 'highlight' ? 'In your highlight' : hit.matchedIn === 'note' ? 'In your note' : null;
          const href = hit.highlightId ? routeHref({ name: 'article', id: article.id, highlight: hit.highlightId }) : routeHref({ name: 'article', id: article.id, find: where ? null : match });
          return (
            <div className="article-row search-row">
              <div className="article-row-text">
                <a className="article-title" href={href} lang={article.lang ?? undefined} dir="auto">
                  {displayTitle(article)}
                </a>
                <p className="article-meta">{[article.siteName, `${article.readingMinutes} min`, relativeDate(article.savedAt)].filter(Boolean).join(' · ')}</p>
                <p className="search-snippet" lang={article.lang ?? undefined} dir={article.dir ?? 'auto'}>
                  {where && (
                    <span className="matched-in" lang="en" dir="ltr">
                      {where}:{' '}
                    </span>
                  )}
                  {splitHighlights(snippet, highlights).map((segment, k) => (segment.match ? <mark key={k}>{segment.text}</mark> : <span key={k}>{segment.text}</span>))}
                </p>
              </div>
            </div>
          );
        }}
      />
    </div>
  );
}
