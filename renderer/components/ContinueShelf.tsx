import type { ArticleSummary } from '../../shared/types';
import { routeHref } from '../route';

/** Articles started but not finished, most recently read first. */
export function ContinueShelf({ articles }: { articles: readonly ArticleSummary[] }) {
  if (articles.length === 0) return null;
  return (
    <section className="continue-shelf" aria-labelledby="continue-title">
      <h2 id="continue-title">Continue reading</h2>
      <ul>
        {articles.map((a) => (
          <li key={a.id}>
            <a href={routeHref({ name: 'article', id: a.id })} lang={a.lang ?? undefined}>
              <span className="shelf-title">{a.title}</span>
              <span className="shelf-progress">{a.progress}% read</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
