import { SearchResults } from '../components/SearchResults';
import { useSearch } from '../hooks/useSearch';
import type { LibraryView } from '../route';
import { useApi } from '../store/react';

/** Search results within a view, as you type. */
export function SearchContainer({ query, view }: { query: string; view: LibraryView }) {
  const search = useSearch(useApi(), query, view);
  if (search.error) {
    return (
      <p role="alert" className="load-error">
        {search.error}
      </p>
    );
  }
  return search.done ? <SearchResults query={query.trim()} hits={search.hits} total={search.total} onNearEnd={search.loadMore} /> : null;
}
