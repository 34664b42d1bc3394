import { useCallback } from 'react';
import type { SaveSource } from '../../shared/types';
import { useApi, useDispatch } from '../store/react';

function newRequestId(): string {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Starts a save and follows it in the saves tray: queued now, its stages from the library's
 * `saveProgress` events, its end from the answer. The list learns of the new article from the
 * library's `libraryChanged` event, like a save made anywhere else.
 */
export function useSaveArticle() {
  const api = useApi();
  const dispatch = useDispatch();
  return useCallback(
    async (source: SaveSource, label: string) => {
      const requestId = newRequestId();
      dispatch({ type: 'saves/queued', requestId, label });
      try {
        dispatch({ type: 'saves/finished', requestId, result: await api.saveArticle({ source, requestId }) });
      } catch (error) {
        dispatch({ type: 'saves/failed', requestId, message: (error as Error).message });
      }
    },
    [api, dispatch],
  );
}
