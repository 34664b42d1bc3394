import { useCallback, useEffect, useRef, useState } from 'react';
import type { OffprintApi } from '../../shared/api';
import type { Settings } from '../../shared/types';

type Patch = Partial<Settings> | ((current: Settings) => Partial<Settings>);

/**
 * The remembered settings, and a way to change them: applied at once, then saved. A patch may be
 * computed from the latest settings, so quick repeated key presses each build on the one before.
 */
export function useSettings(api: OffprintApi) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef<Settings | null>(null);
  useEffect(() => {
    let live = true;
    api.getSettings({}).then(
      (s) => {
        if (!live) return;
        latest.current = s;
        setSettings(s);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api]);
  const update = useCallback(
    async (patch: Patch) => {
      const current = latest.current;
      if (!current) return;
      const change = typeof patch === 'function' ? patch(current) : patch;
      latest.current = { ...current, ...change };
      setSettings(latest.current);
      try {
        const saved = await api.updateSettings({ patch: change });
        latest.current = { ...saved, ...latest.current };
        setSettings(latest.current);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [api],
  );
  return { settings, update, error };
}
