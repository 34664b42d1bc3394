import { useMemo } from 'react';
import { type SaveJobActions, SavesTray } from '../components/SavesTray';
import { useSaves } from '../hooks/useSaves';
import { useDispatch, useSelector } from '../store/react';

/** The saves tray: this page's saves, each at the stage the library's events last told, with what can be done about each. */
export function SavesTrayContainer() {
  const jobs = useSelector((state) => state.saves.jobs);
  const dispatch = useDispatch();
  const saves = useSaves();
  const actions = useMemo<SaveJobActions>(
    () => ({
      onDismiss: (job) => dispatch({ type: 'saves/dismissed', requestId: job.requestId }),
      onCancel: saves.cancel,
      onRetry: saves.retry,
      onEdit: saves.edit,
      onSaveCopy: saves.saveCopy,
      onClearFinished: () => dispatch({ type: 'saves/cleared' }),
    }),
    [dispatch, saves],
  );
  return <SavesTray jobs={jobs} actions={actions} />;
}
