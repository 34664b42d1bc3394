import { SaveQueue } from '../components/SaveQueue';
import { useDispatch, useSelector } from '../store/react';

/** The saves tray: this page's saves, each at the stage the library's events last told. */
export function SavesTrayContainer() {
  const jobs = useSelector((state) => state.saves.jobs);
  const dispatch = useDispatch();
  return <SaveQueue jobs={jobs} onDismiss={(requestId) => dispatch({ type: 'saves/dismissed', requestId })} />;
}
