import { useCallback, useEffect, useState } from 'react';
import type { OffprintApi } from '../../shared/api';
import type { LibraryNotice } from '../../shared/types';

/** Repairs the library made when it opened, until the reader dismisses them. */
export function useNotices(api: OffprintApi) {
  const [notices, setNotices] = useState<LibraryNotice[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.listNotices({}).then(
      (list) => live && setNotices(list),
      () => undefined,
    );
    return () => {
      live = false;
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
