import { useCallback, useEffect, useRef, useState } from 'react';
import type { ArticleView, OffprintApi } from '../../shared/api';
import type { SearchHit } from '../../shared/types';

const DEBOUNCE_MS = 120;
const PAGE = 20;

/**
 * Results as you type: debounced, stale answers dropped, more pages on demand. While a refined
 * query runs, the previous results stay (`pending`, shown dimmed) instead of a blank page.
 */
export function useSearch(api: OffprintApi, query: string, view: ArticleView) {
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  const generation = useRef(0);
  const loading = useRef(false);
  const trimmed = query.trim();

  useEffect(() => {
    const gen = ++generation.current;
    if (!trimmed) {
      setHits([]);
      setTotal(0);
      setDone(false);
      setPending(false);
      return;
    }
    setPending(true);
    const timer = setTimeout(() => {
      loading.current = true;
      api.searchArticles({ query: trimmed, view, limit: PAGE }).then(
        (page) => {
          if (gen !== generation.current) return;
          loading.current = false;
          setHits(page.items);
          setTotal(page.total);
          setError(null);
          setDone(true);
          setPending(false);
        },
        (e: Error) => {
          if (gen !== generation.current) return;
          loading.current = false;
          setError(e.message);
          setDone(true);
          setPending(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [api, trimmed, view]);

  const loadMore = useCallback(() => {
    if (!trimmed || loading.current || pending || hits.length >= total) return;
    const gen = generation.current;
    loading.current = true;
    api.searchArticles({ query: trimmed, view, offset: hits.length, limit: PAGE }).then(
      (page) => {
        loading.current = false;
        if (gen === generation.current) setHits((current) => [...current, ...page.items]);
      },
      () => {
        loading.current = false;
      },
    );
  }, [api, trimmed, view, hits.length, total, pending]);

  return { active: trimmed.length > 0, hits, total, error, done, pending, loadMore };
}
