import { PasteTextDialog } from '../components/PasteTextDialog';
import { useSaves } from '../hooks/useSaves';
import { useDispatch, useSelector } from '../store/react';

/** The paste dialog, open while the store holds a draft (from "Paste text…", or "Edit text" on a failed save). */
export function PasteContainer() {
  const draft = useSelector((state) => state.ui.paste);
  const dispatch = useDispatch();
  const saves = useSaves();
  if (!draft) return null;
  const close = () => dispatch({ type: 'ui/paste', draft: null });
  return (
    <PasteTextDialog
      initial={draft}
      onCancel={close}
      onSave={(text, title) => {
        close();
        saves.saveText(text, title);
      }}
      returnFocus={() => document.querySelector<HTMLElement>('.add-button')}
    />
  );
}
