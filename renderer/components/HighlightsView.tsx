import type { HighlightEntry } from '../../shared/types';
import { relativeDate } from '../format';
import { routeHref } from '../route';
import { COLOR_NAMES } from './SelectionToolbar';

interface Props {
  entries: readonly HighlightEntry[];
  total: number;
  onMore: (() => void) | null;
  onExport: () => void;
}

/**
 * Every highlight of the library, newest first: its colour, the words, its note, and the article
 * it is in, each a link into its place in the article (those no longer found say so). Props only.
 */
export function HighlightsView({ entries, total, onMore, onExport }: Props) {
  return (
    <>
      <div className="view-actions">
        <button type="button" className="small" onClick={onExport} disabled={total === 0}>
          Export as Markdown
        </button>
      </div>
      {entries.length === 0 ? (
        <p className="empty">No highlights yet. In an article, select text and press h, or choose a colour.</p>
      ) : (
        <ol className="highlights-list" aria-label={`${total} highlights, newest first`}>
          {entries.map(({ highlight, article }) => {
            const missing = highlight.anchor.status === 'not-found';
            return (
              <li key={highlight.highlightId} className={`highlight-entry hl-edge-${highlight.color}`}>
                <span className="visually-hidden">{COLOR_NAMES[highlight.color]} highlight: </span>
                <blockquote className="panel-quote">
                  <a href={routeHref({ name: 'article', id: article.id, ...(missing ? {} : { highlight: highlight.highlightId }) })}>
                    {highlight.quote.exact.length > 400 ? `${highlight.quote.exact.slice(0, 400)}…` : highlight.quote.exact}
                  </a>
                </blockquote>
                {highlight.note && <p className="panel-note">{highlight.note}</p>}
                <p className="article-meta">
                  {article.title}
                  {article.siteName ? ` · ${article.siteName}` : ''} · <time dateTime={highlight.createdAt}>{relativeDate(highlight.createdAt)}</time>
                  {missing && <span className="panel-missing"> · Not found in the current text</span>}
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {onMore && (
        <button type="button" onClick={onMore}>
          Show more highlights
        </button>
      )}
    </>
  );
}
