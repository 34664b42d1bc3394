import { RepairNotices } from '../components/RepairNotices';
import { useApi, useDispatch, useSelector } from '../store/react';

/** Repairs the library made, as the library's `noticesChanged` event last told them, until dismissed. */
export function NoticesContainer() {
  const { items, error } = useSelector((state) => state.notices);
  const api = useApi();
  const dispatch = useDispatch();
  const dismiss = (id: string) =>
    api.dismissNotice({ id }).then(
      () => dispatch({ type: 'notices/dismissed', id }),
      (e: Error) => dispatch({ type: 'notices/failed', message: e.message }),
    );
  return <RepairNotices notices={items} error={error} onDismiss={(id) => void dismiss(id)} />;
}
