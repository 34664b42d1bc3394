import { useEffect } from 'react';
import type { ShortcutAction } from '../../shared/keyboard';
import { ToastView } from '../components/ToastView';
import { focusWhenThere, rowTitle } from '../focus';
import { useArticleActions } from '../hooks/useArticleActions';
import { useShortcuts } from '../hooks/useShortcuts';
import { useDispatch, useSelector, useStore } from '../store/react';

export const UNDO_MS = 10_000;
const TOAST_MS = 6_000;

/**
 * The toasts and the one Undo. An archive, a delete or a removed bookmark can be taken back for ten
 * seconds, by the toast's button or Ctrl/⌘+Z; a delete happens for real when that time is up (or at
 * once if the page goes away). After an Undo, focus goes to the row that came back.
 */
export function UndoContainer() {
  const toast = useSelector((state) => state.toasts.current);
  const undo = useSelector((state) => state.toasts.undo);
  const dispatch = useDispatch();
  const store = useStore();
  const actions = useArticleActions();
  const { commitDelete } = actions;

  useEffect(() => {
    if (!undo) return;
    const settle = () => (undo.kind === 'deleted' ? commitDelete(undo.article.id) : dispatch({ type: 'undo/settled' }));
    const timer = setTimeout(settle, UNDO_MS);
    const leave = () => undo.kind === 'deleted' && commitDelete(undo.article.id);
    window.addEventListener('pagehide', leave);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pagehide', leave);
    };
  }, [undo, commitDelete, dispatch]);

  useEffect(() => {
    if (!toast || toast.kind === 'undo') return;
    const timer = setTimeout(() => dispatch({ type: 'toast/dismissed', id: toast.id }), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast, dispatch]);

  const takeBack = () => {
    const entry = store.getState().toasts.undo;
    if (!entry) return;
    void actions.undo(entry).then(() => focusWhenThere(rowTitle(entry.article.id)));
  };

  useShortcuts((action: ShortcutAction) => {
    if (action !== 'undo' || !store.getState().toasts.undo) return false;
    takeBack();
  });

  return <ToastView toast={toast} onUndo={takeBack} onDismiss={(id) => dispatch({ type: 'toast/dismissed', id })} />;
}
