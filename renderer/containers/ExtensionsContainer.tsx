import { useEffect } from 'react';
import { ExtensionsView } from '../components/ExtensionsView';
import { useApi, useDispatch, useSelector } from '../store/react';

/**
 * The browser extension screen: read when it opens and again whenever the `extensionsChanged`
 * event marks it stale; approving, refusing and revoking are one request each (the event brings
 * their outcome).
 */
export function ExtensionsContainer() {
  const api = useApi();
  const dispatch = useDispatch();
  const state = useSelector((s) => s.extensions);

  useEffect(() => {
    if (!state.stale || state.loading) return;
    dispatch({ type: 'extensions/requested' });
    Promise.all([api.listExtensions({}), api.listExtensionPairingRequests({})]).then(
      ([{ pairings, endpoint }, requests]) => dispatch({ type: 'extensions/loaded', endpoint, pairings, requests }),
      (error: Error) => dispatch({ type: 'extensions/failed', message: error.message }),
    );
  }, [api, dispatch, state.stale, state.loading]);

  const act = (run: () => Promise<unknown>) => void run().catch((error: Error) => dispatch({ type: 'extensions/failed', message: error.message }));
  return (
    <section aria-labelledby="view-title">
      <h1 id="view-title" className="view-title">
        Browser extension
      </h1>
      <ExtensionsView
        endpoint={state.endpoint}
        requests={state.requests}
        pairings={state.pairings}
        error={state.error}
        onApprove={(requestId) => act(() => api.approveExtensionPairing({ requestId }))}
        onDeny={(requestId) => act(() => api.denyExtensionPairing({ requestId }))}
        onRevoke={(id) => act(() => api.revokeExtension({ id }))}
      />
    </section>
  );
}
