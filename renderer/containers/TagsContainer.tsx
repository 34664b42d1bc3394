import { TagList } from '../components/TagList';
import type { Route } from '../route';
import { useSelector } from '../store/react';

/** The sidebar's Tags, from the store (listTags when the app opens, then every tagsChanged event). */
export function TagsContainer({ route, onNavigate }: { route: Route; onNavigate?: () => void }) {
  const tags = useSelector((state) => state.tags.items);
  const loaded = useSelector((state) => state.tags.loaded);
  if (!loaded) return null;
  return <TagList tags={tags} current={route.name === 'tag' ? route.tag : null} onNavigate={onNavigate} />;
}
