import { SearchResults } from '../components/SearchResults';
import { useSearch } from '../hooks/useSearch';
import { plainMessage } from '../plain-errors';
import type { LibraryView } from '../route';
import { useApi } from '../store/react';

/** Search results within a view, as you type; the previous results stay, dimmed, while a refined query runs. */
export function SearchContainer({ query, view }: { query: string; view: LibraryView }) {
  const search = useSearch(useApi(), query, view);
  if (search.error && !search.pending) {
    return (
      <p role="alert" className="load-error">
        {plainMessage(search.error)}
      </p>
    );
  }
  if (!search.done) return <p className="empty" role="status">Searching…</p>;
  return <SearchResults query={query.trim()} hits={search.hits} total={search.total} stale={search.pending} onNearEnd={search.loadMore} />;
}
