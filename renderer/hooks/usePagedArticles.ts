import { useCallback, useEffect, useRef, useState } from 'react';
import type { ArticlePage } from '../../shared/api';
import type { ArticleSummary } from '../../shared/types';

export const PAGE_SIZE = 50;

/**
 * A long list loaded a page at a time from the main process (never the whole library in one
 * message). `reload` starts again from the first page; `replace` updates one row in place.
 */
export function usePagedArticles(load: (offset: number, limit: number) => Promise<ArticlePage>, key: string) {
  const [items, setItems] = useState<ArticleSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const loading = useRef(false);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(() => {
    const gen = ++generation.current;
    loading.current = true;
    loadRef.current(0, PAGE_SIZE).then(
      (page) => {
        if (gen !== generation.current) return;
        setItems(page.items);
        setTotal(page.total);
        setError(null);
        setReady(true);
        loading.current = false;
      },
      (e: Error) => {
        if (gen !== generation.current) return;
        setError(e.message);
        setReady(true);
        loading.current = false;
      },
    );
  }, []);

  useEffect(reload, [key, reload]);

  const loadMore = useCallback(() => {
    if (loading.current || items.length >= total) return;
    loading.current = true;
    const gen = generation.current;
    loadRef.current(items.length, PAGE_SIZE).then(
      (page) => {
        loading.current = false;
        if (gen !== generation.current) return;
        setItems((current) => [...current, ...page.items.filter((a) => !current.some((c) => c.id === a.id))]);
        setTotal(page.total);
      },
      (e: Error) => {
        loading.current = false;
        setError(e.message);
      },
    );
  }, [items.length, total]);

  const replace = useCallback((article: ArticleSummary, stillInView: boolean) => {
    setItems((current) => (stillInView ? current.map((a) => (a.id === article.id ? article : a)) : current.filter((a) => a.id !== article.id)));
    if (!stillInView) setTotal((t) => Math.max(0, t - 1));
  }, []);

  return { items, total, error, ready, reload, loadMore, replace };
}
