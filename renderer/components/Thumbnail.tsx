import type { ArticleSummary } from '../../shared/types';
import { siteHue, siteInitial } from '../format';

/** An article's stored lead image, or its site's initial on the site's colour: never a blank box. Decorative. */
export function Thumbnail({ article }: { article: ArticleSummary }) {
  if (article.leadImage) return <img className="thumb" src={article.leadImage} alt="" loading="lazy" />;
  return (
    <span className="thumb thumb-initial" aria-hidden="true" style={{ ['--hue' as string]: String(siteHue(article)) }}>
      {siteInitial(article)}
    </span>
  );
}
