import { useCallback, useEffect, useState } from 'react';
import type { OffprintApi } from '../../shared/api';
import type { Settings } from '../../shared/types';

/** The remembered settings, and a way to change them (applied at once, then saved). */
export function useSettings(api: OffprintApi) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.getSettings({}).then(
      (s) => live && setSettings(s),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api]);
  const update = useCallback(
    async (patch: Partial<Settings>) => {
      setSettings((current) => (current ? { ...current, ...patch } : current));
      try {
        setSettings(await api.updateSettings({ patch }));
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [api],
  );
  return { settings, update, error };
}
