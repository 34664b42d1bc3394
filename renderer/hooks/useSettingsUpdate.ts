import { useCallback } from 'react';
import type { Settings } from '../../shared/types';
import { useApi, useDispatch, useStore } from '../store/react';

export type SettingsPatch = Partial<Settings> | ((current: Settings) => Partial<Settings>);

/**
 * Changes settings: applied at once, then saved. A patch may be computed from the latest settings,
 * so quick repeated key presses each build on the one before (see store/settings.ts).
 */
export function useSettingsUpdate() {
  const api = useApi();
  const dispatch = useDispatch();
  const store = useStore();
  return useCallback(
    async (patch: SettingsPatch) => {
      const current = store.getState().settings.value;
      if (!current) return;
      const change = typeof patch === 'function' ? patch(current) : patch;
      dispatch({ type: 'settings/edited', patch: change });
      try {
        dispatch({ type: 'settings/saved', settings: await api.updateSettings({ patch: change }) });
      } catch (error) {
        dispatch({ type: 'settings/failed', message: (error as Error).message });
      }
    },
    [api, dispatch, store],
  );
}
