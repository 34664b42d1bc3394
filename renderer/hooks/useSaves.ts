import { useMemo } from 'react';
import type { SaveSource } from '../../shared/types';
import { sourceFromFile } from '../read-file';
import type { SaveJob } from '../store/saves';
import { useApi, useDispatch } from '../store/react';

function newRequestId(): string {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

const labelOf = (source: SaveSource) => (source.kind === 'url' ? source.url : (source.title ?? (source.kind === 'text' ? 'Pasted text' : 'Web page')));

/**
 * Starting saves and what the tray does with them. A save is queued at once, moves through its
 * stages on the library's `saveProgress` events and ends with its answer: a toast when it saved,
 * a line in the tray when it failed, was cancelled or was already in the library. The list learns
 * of a new article from the library's `libraryChanged` event, like a save made anywhere else.
 */
export function useSaves() {
  const api = useApi();
  const dispatch = useDispatch();
  return useMemo(() => {
    const start = async (source: SaveSource, label = labelOf(source), copy = false) => {
      const requestId = newRequestId();
      dispatch({ type: 'saves/queued', requestId, label, source, startedAt: Date.now() });
      try {
        dispatch({ type: 'saves/finished', requestId, result: await api.saveArticle({ source, requestId, ...(copy ? { copy } : {}) }) });
      } catch (error) {
        dispatch({ type: 'saves/failed', requestId, message: (error as Error).message });
      }
    };
    return {
      saveUrl: (url: string) => void start({ kind: 'url', url }),
      saveText: (text: string, title?: string) => void start({ kind: 'text', text, ...(title ? { title } : {}) }, title ?? 'Pasted text'),
      saveFile: (file: File) =>
        void sourceFromFile(file).then(
          (source) => start(source, file.name),
          (error: Error) => dispatch({ type: 'toast/shown', toast: { kind: 'message', text: `${file.name} could not be read: ${error.message}` } }),
        ),
      retry: (job: SaveJob) => {
        if (!job.source) return;
        dispatch({ type: 'saves/dismissed', requestId: job.requestId });
        void start(job.source, job.label);
      },
      saveCopy: (job: SaveJob) => {
        if (!job.source) return;
        dispatch({ type: 'saves/dismissed', requestId: job.requestId });
        void start(job.source, job.label, true);
      },
      cancel: (job: SaveJob) => {
        dispatch({ type: 'saves/cancelled', requestId: job.requestId });
        api.cancelSave({ requestId: job.requestId }).catch((error: unknown) => console.error('Offprint: the save could not be cancelled', error));
      },
      /** The address goes back into the field, or the text into the paste dialog, to be corrected. */
      edit: (job: SaveJob) => {
        if (job.source?.kind === 'url') dispatch({ type: 'ui/add', open: true, draft: job.source.url });
        else if (job.source?.kind === 'text') dispatch({ type: 'ui/paste', draft: { text: job.source.text, title: job.source.title ?? '' } });
        dispatch({ type: 'saves/dismissed', requestId: job.requestId });
      },
    };
  }, [api, dispatch]);
}

export type SaveActions = ReturnType<typeof useSaves>;
