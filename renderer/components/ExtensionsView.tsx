import type { ExtensionEndpointStatus, ExtensionPairing, ExtensionPairingRequest } from '../../shared/extension-protocol';
import { formatDate } from '../format';

interface Props {
  /** Null until the first answer. */
  endpoint: ExtensionEndpointStatus | null;
  requests: readonly ExtensionPairingRequest[];
  pairings: readonly ExtensionPairing[];
  error: string | null;
  onApprove: (requestId: string) => void;
  onDeny: (requestId: string) => void;
  onRevoke: (id: string) => void;
}

/** The browser extension: where Offprint listens for it, requests to pair (with their codes), and the paired ones. Props only. */
export function ExtensionsView({ endpoint, requests, pairings, error, onApprove, onDeny, onRevoke }: Props) {
  if (!endpoint) return error ? <p role="alert">{error}</p> : <p className="loading">Reading…</p>;
  return (
    <div className="extensions">
      {error && <p role="alert">{error}</p>}
      <p className="extensions-endpoint">
        {endpoint.listening
          ? `Listening for the “Save to Offprint” extension at ${endpoint.address} (this computer only).`
          : `Not listening for the browser extension${endpoint.problem ? `: ${endpoint.problem}` : ''}.`}
      </p>
      <h2>Asking to pair</h2>
      {requests.length === 0 ? (
        <p>No extension is asking. Press “Pair with Offprint” in the extension’s options.</p>
      ) : (
        <ul className="extension-requests" aria-label="Pairing requests">
          {requests.map((r) => (
            <li key={r.requestId}>
              <span>
                “{r.name}” shows the code <strong className="pairing-code">{r.code}</strong>. Approve only if the extension shows the same code.
              </span>
              <button type="button" onClick={() => onApprove(r.requestId)}>
                Approve {r.code}
              </button>
              <button type="button" onClick={() => onDeny(r.requestId)}>
                Refuse
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2>Paired</h2>
      {pairings.length === 0 ? (
        <p>No extension is paired.</p>
      ) : (
        <ul className="extension-pairings" aria-label="Paired extensions">
          {pairings.map((p) => (
            <li key={p.id}>
              <span>
                {p.name} ({p.browser}), paired {formatDate(p.pairedAt) ?? p.pairedAt}
                {p.lastUsedAt ? `, last used ${formatDate(p.lastUsedAt) ?? p.lastUsedAt}` : ', not used yet'}
              </span>
              <button type="button" onClick={() => onRevoke(p.id)} aria-label={`Revoke ${p.name}`}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
