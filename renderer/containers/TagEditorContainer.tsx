import { useState } from 'react';
import type { ArticleSummary } from '../../shared/types';
import { TagEditor } from '../components/TagEditor';
import { displayTitle } from '../display-title';
import { useApi, useDispatch, useSelector } from '../store/react';

/** The tag editor of the article `t` was pressed on (from a list or the reader): each add or remove is one request. */
export function TagEditorContainer() {
  const id = useSelector((state) => state.ui.tagEditor);
  const article = useSelector((state) => (id ? state.articles.byId[id] : undefined));
  const known = useSelector((state) => state.tags.items);
  const api = useApi();
  const dispatch = useDispatch();
  const [error, setError] = useState<string | null>(null);
  if (!id || !article) return null;
  const apply = (change: Promise<ArticleSummary>) =>
    change.then(
      (summary) => {
        setError(null);
        dispatch({ type: 'articles/received', articles: [summary] });
      },
      (e: Error) => setError(e.message),
    );
  return (
    <TagEditor
      title={displayTitle(article)}
      tags={article.tags}
      known={known.map((t) => t.name)}
      error={error}
      onAdd={(tags) => void apply(api.addTags({ id, tags }))}
      onRemove={(tag) => void apply(api.removeTags({ id, tags: [tag] }))}
      onClose={() => {
        setError(null);
        dispatch({ type: 'ui/tags', id: null });
      }}
    />
  );
}
