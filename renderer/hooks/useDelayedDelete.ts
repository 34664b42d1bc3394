import { useCallback, useEffect, useRef, useState } from 'react';
import type { ArticleSummary } from '../../shared/types';

export const UNDO_MS = 10_000;

/**
 * Delete with Undo: the article disappears from the lists at once and is really deleted after ten
 * seconds, unless Undo is pressed first. A pending deletion is carried out if the page goes away.
 */
export function useDelayedDelete(remove: (id: string) => Promise<unknown>) {
  const [pending, setPending] = useState<ArticleSummary | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pendingRef = useRef<ArticleSummary | null>(null);
  const removeRef = useRef(remove);
  removeRef.current = remove;

  const commit = useCallback(() => {
    const target = pendingRef.current;
    clearTimeout(timer.current);
    pendingRef.current = null;
    setPending(null);
    if (target) void removeRef.current(target.id);
  }, []);

  const schedule = useCallback(
    (article: ArticleSummary) => {
      if (pendingRef.current) commit();
      pendingRef.current = article;
      setPending(article);
      timer.current = setTimeout(commit, UNDO_MS);
    },
    [commit],
  );

  const undo = useCallback(() => {
    clearTimeout(timer.current);
    pendingRef.current = null;
    setPending(null);
  }, []);

  useEffect(() => {
    window.addEventListener('pagehide', commit);
    return () => window.removeEventListener('pagehide', commit);
  }, [commit]);

  return { pending, schedule, undo };
}
