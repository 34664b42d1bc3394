import { useMemo } from 'react';
import type { HighlightColor } from '../../shared/annotations';
import type { AnchoredHighlight } from '../../shared/types';
import type { MarkActions } from '../components/ArticleMarks';
import { downloadText } from '../download';
import { useApi, useDispatch } from '../store/react';

/**
 * Highlights and the article's note, for the reader: each is one request, its answer put in the
 * store (the marks and the panel change, the body is not fetched again); a refusal is told as a toast.
 */
export function useMarkActions(id: string): MarkActions {
  const api = useApi();
  const dispatch = useDispatch();
  return useMemo(() => {
    const failed = (what: string) => (error: Error) => {
      dispatch({ type: 'toast/shown', toast: { kind: 'message', text: `${what}: ${error.message}` } });
      return null;
    };
    return {
      onAddHighlight: (at: { start: number; end: number; exact: string }, color: HighlightColor): Promise<AnchoredHighlight | null> =>
        api.addHighlight({ id, ...at, color }).then((highlight) => {
          dispatch({ type: 'highlight/added', highlight });
          return highlight;
        }, failed('The highlight was not saved')),
      onUpdateHighlight: (highlightId: string, patch: { color?: HighlightColor; note?: string | null }) =>
        void api.updateHighlight({ highlightId, ...patch }).then((highlight) => dispatch({ type: 'highlight/updated', highlight }), failed('The highlight was not changed')),
      onDeleteHighlight: (highlightId: string) =>
        void api.deleteHighlight({ highlightId }).then(() => dispatch({ type: 'highlight/deleted', highlightId }), failed('The highlight was not deleted')),
      onExportHighlights: () =>
        void api.exportHighlights({ id, format: 'markdown' }).then((file) => downloadText(file.filename, file.content, 'text/markdown'), failed('The highlights were not exported')),
      onSaveArticleNote: (note: string) =>
        void api.setArticleNote({ id, note: note.trim() ? note : null }).then((saved) => {
          dispatch({ type: 'note/saved', id: saved.id, note: saved.note });
          dispatch({ type: 'toast/shown', toast: { kind: 'message', text: saved.note ? 'Note saved' : 'Note removed' } });
        }, failed('The note was not saved')),
    };
  }, [api, dispatch, id]);
}
