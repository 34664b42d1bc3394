/// <reference types="chrome" />
import { call, ChannelError } from './channel';
import { ask } from './messages';
import { loadConnection, saveConnection } from './settings';

/**
 * The options page: pairing (the extension asks, Offprint shows the same short code, the reader
 * approves there, and the token is collected here), the port, and the waiting saves.
 */
const $ = (id: string) => document.getElementById(id)!;
const paired = $('paired');
const codeLine = $('code-line');
const portInput = $('port') as HTMLInputElement;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function refresh(): Promise<void> {
  const connection = await loadConnection();
  portInput.value = String(connection.port);
  try {
    const hello = await call(connection, 'hello', {});
    paired.textContent = hello.paired ? 'Paired with Offprint.' : connection.token ? 'Offprint no longer knows this extension (it was revoked): pair again.' : 'Not paired yet.';
    document.body.dataset.paired = String(hello.paired);
  } catch (error) {
    paired.textContent = message(error);
    document.body.dataset.paired = 'unknown';
  }
  const status = await ask({ type: 'status' });
  $('waiting').textContent = status.waiting ? `${status.waiting === 1 ? '1 save waits' : `${status.waiting} saves wait`}: ${status.reason ?? 'Offprint is not running.'}` : 'No saves are waiting.';
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function browserName(): string {
  const brands = (navigator as Navigator & { userAgentData?: { brands: { brand: string }[] } }).userAgentData?.brands.map((b) => b.brand) ?? [];
  const name = brands.find((b) => !/not.?a.?brand/i.test(b) && b !== 'Chromium') ?? (navigator.userAgent.includes('Firefox') ? 'Firefox' : 'Chromium');
  return `${name} on ${navigator.platform || 'this computer'}`;
}

async function pair(): Promise<void> {
  const connection = { ...(await loadConnection()), token: null };
  const nonce = randomSecret();
  try {
    const asked = await call(connection, 'pair', { name: browserName(), nonce });
    $('code').textContent = asked.code;
    codeLine.hidden = false;
    paired.textContent = 'Waiting for you to approve in Offprint…';
    // Offprint cannot call the extension, so the extension asks until the reader has answered.
    while (Date.now() < Date.parse(asked.expiresAt)) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const status = await call(connection, 'pair-status', { requestId: asked.requestId, nonce });
      if (status.status === 'pending') continue;
      codeLine.hidden = true;
      if (status.status === 'approved') {
        await saveConnection({ token: status.token });
        await ask({ type: 'deliver' });
        return refresh();
      }
      paired.textContent = status.status === 'denied' ? 'Offprint refused the pairing.' : 'The pairing request expired: pair again.';
      return;
    }
    codeLine.hidden = true;
    paired.textContent = 'The pairing request expired: pair again.';
  } catch (error) {
    codeLine.hidden = true;
    paired.textContent = error instanceof ChannelError ? error.message : message(error);
  }
}

$('pair').addEventListener('click', () => void pair());
$('forget').addEventListener('click', () => void saveConnection({ token: null }).then(refresh));
$('deliver').addEventListener('click', () => void ask({ type: 'deliver' }).then(refresh));
$('port-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const port = Number(portInput.value);
  if (Number.isInteger(port) && port > 0 && port < 65536) void saveConnection({ port }).then(refresh);
});
void refresh();
