import { AddPanel } from '../components/AddPanel';
import { useSaves } from '../hooks/useSaves';
import { useDispatch, useSelector } from '../store/react';

/** "+ Add": the address field (its text in the store, so "Edit address" can put one back), paste text, open file. */
export function AddContainer({ compact = false }: { compact?: boolean }) {
  const add = useSelector((state) => state.ui.add);
  const dispatch = useDispatch();
  const saves = useSaves();
  return (
    <AddPanel
      open={add.open}
      draft={add.draft}
      compact={compact}
      onOpen={(open) => dispatch({ type: 'ui/add', open })}
      onDraft={(draft) => dispatch({ type: 'ui/add', open: true, draft })}
      onSaveUrl={saves.saveUrl}
      onPasteText={() => dispatch({ type: 'ui/paste', draft: { text: '', title: '' } })}
      onSaveFile={saves.saveFile}
    />
  );
}
