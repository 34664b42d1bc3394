import type { ArticleSummary } from '../../shared/types';
import { displayTitle } from '../display-title';
import { routeHref } from '../route';

/** Articles started but not finished, most recently read first. Props only. */
export function ContinueShelf({ articles }: { articles: readonly ArticleSummary[] }) {
  if (articles.length === 0) return null;
  return (
    <section className="continue-shelf" aria-labelledby="continue-title">
      <h2 id="continue-title">Continue reading</h2>
      <ul>
        {articles.map((a) => (
          <li key={a.id}>
            <a href={routeHref({ name: 'article', id: a.id })}>
              <span className="shelf-title" lang={a.lang ?? undefined} dir={a.dir ?? 'auto'}>
                {displayTitle(a)}
              </span>
              <span className="shelf-progress">
                <span className="shelf-bar" aria-hidden="true">
                  <span style={{ width: `${a.progress}%` }} />
                </span>
                {a.progress}% read
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
