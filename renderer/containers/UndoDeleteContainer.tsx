import { useEffect } from 'react';
import { UndoToast } from '../components/UndoToast';
import { useArticleActions } from '../hooks/useArticleActions';
import { useDispatch, useSelector } from '../store/react';

export const UNDO_MS = 10_000;

/**
 * Delete with Undo: the article left every list when the delete was asked for; it is really
 * deleted after ten seconds, unless Undo is pressed first, or at once if the page goes away.
 */
export function UndoDeleteContainer() {
  const pending = useSelector((state) => state.ui.pendingDelete);
  const dispatch = useDispatch();
  const { commitDelete } = useArticleActions();
  const id = pending?.id;

  useEffect(() => {
    if (!id) return;
    const commit = () => commitDelete(id);
    const timer = setTimeout(commit, UNDO_MS);
    window.addEventListener('pagehide', commit);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pagehide', commit);
    };
  }, [id, commitDelete]);

  if (!pending) return null;
  return <UndoToast message={`Deleted “${pending.title}”`} onUndo={() => dispatch({ type: 'delete/undone' })} />;
}
