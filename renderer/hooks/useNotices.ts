import { useCallback, useEffect, useState } from 'react';
import type { OffprintApi } from '../../shared/api';
import type { LibraryNotice } from '../../shared/types';

const RECHECK_MS = 30_000;

/** Repairs the library made when it opened, until the reader dismisses them. */
export function useNotices(api: OffprintApi) {
  const [notices, setNotices] = useState<LibraryNotice[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      api.listNotices({}).then(
        (list) => live && setNotices(list),
        () => undefined,
      );
    void load();
    // A record damaged in place is found by a check that runs after the library opens, and is
    // repaired then: look again now and then, and whenever the window comes back to the front.
    const timer = setInterval(load, RECHECK_MS);
    window.addEventListener('focus', load);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener('focus', load);
    };
  }, [api]);

  const dismiss = useCallback(
    async (id: string) => {
      try {
        await api.dismissNotice({ id });
        setNotices((current) => current.filter((n) => n.id !== id));
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [api],
  );

  return { notices, dismiss, error };
}
