import { tagKey } from '../../shared/annotations';
import type { TagSummary } from '../../shared/types';
import { routeHref } from '../route';

interface Props {
  tags: readonly TagSummary[];
  /** The tag whose view is shown, if any. */
  current: string | null;
  onNavigate?: () => void;
}

/** The sidebar's Tags section: each tag with how many articles carry it, a link to its view. Props only. */
export function TagList({ tags, current, onNavigate }: Props) {
  if (tags.length === 0) return <p className="sidebar-empty">Tag an article with t.</p>;
  return (
    <ul className="sidebar-list">
      {tags.map((tag) => (
        <li key={tag.name}>
          <a href={routeHref({ name: 'tag', tag: tag.name })} aria-current={current !== null && tagKey(current) === tagKey(tag.name) ? 'page' : undefined} onClick={onNavigate}>
            <span className="view-label">{tag.name}</span>
            <span className="view-count">
              <span className="visually-hidden">, </span>
              {tag.count}
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
