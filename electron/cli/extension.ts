import type { OffprintService } from '../service';
import { DEFAULT_EXTENSION_PORT, type ExtensionPairingRequest } from '../../shared/extension-protocol';
import { extensionPortFrom, type RunningEndpoint, startExtensionEndpoint } from '../server/extension-endpoint';
import { type CliIo, type Opener, type Values, UsageError, call } from './common';

// `extension pair|list|revoke`, and the extension listener `serve` starts (issue 16).

/** `offprint extension pair|list|revoke` (issue 16): the browser extension's pairings. */
export async function extensionCommand(rest: string[], values: Values, opener: Opener, io: CliIo): Promise<number> {
  const [sub, ...args] = rest;
  switch (sub) {
    case 'list': {
      if (args.length) throw new UsageError('extension list takes no arguments');
      const { service } = await opener.forReading();
      const { pairings } = await call(service, 'listExtensions', {});
      for (const p of pairings) {
        if (values.json) io.stdout(JSON.stringify(p));
        else io.stdout(`${p.id}  ${p.browser.padEnd(8)}  ${p.name}  (${p.origin}), paired ${p.pairedAt.slice(0, 10)}${p.lastUsedAt ? `, last used ${p.lastUsedAt.slice(0, 16).replace('T', ' ')}` : ''}`);
      }
      if (!pairings.length && !values.json) io.stderr('No extension is paired yet: offprint extension pair.');
      return 0;
    }
    case 'revoke': {
      if (args.length !== 1) throw new UsageError('extension revoke needs exactly one id (offprint extension list shows them)');
      const { service } = await opener.forWriting();
      await call(service, 'revokeExtension', { id: args[0]! });
      io.stdout(`Revoked ${args[0]}: that extension's token opens nothing now.`);
      return 0;
    }
    case 'pair': {
      if (args.length) throw new UsageError('extension pair takes no arguments (--extension-port N, --yes)');
      const port = extensionPortOption(values['extension-port'], io) ?? DEFAULT_EXTENSION_PORT;
      const { service } = await opener.forWriting();
      const listener = await listenForExtension(service, port, io);
      if (!listener) return 1;
      try {
        return await pairOnce(service, Boolean(values.yes), io);
      } finally {
        await listener.close();
      }
    }
    default:
      throw new UsageError(sub ? `unknown extension command "${sub}"` : 'extension needs a command: pair, list or revoke');
  }
}

export function extensionPortOption(value: string | undefined, io: CliIo): number | null {
  if (value !== undefined && value !== 'off' && !/^\d{1,5}$/.test(value)) throw new UsageError('--extension-port is a number from 0 to 65535, or off');
  return extensionPortFrom(value ?? io.env.OFFPRINT_EXTENSION_PORT);
}

/** Starts the extension listener for `serve` or `extension pair`; a port in use is said, not fatal. */
export async function listenForExtension(service: OffprintService, port: number, io: CliIo): Promise<RunningEndpoint | null> {
  try {
    const endpoint = await startExtensionEndpoint({ service, port });
    io.stdout(`The browser extension can reach this library at ${endpoint.origin}`);
    io.onListening?.(endpoint);
    return endpoint;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'EADDRINUSE' ? `port ${port} is in use (another Offprint, or another program)` : String((error as Error).message ?? error);
    service.extension.endpoint = { listening: false, address: null, problem };
    io.stderr(`offprint: the browser extension cannot reach this library: ${problem}. Choose another with --extension-port N (and the same port in the extension's options).`);
    return null;
  }
}

export function pairingLine(r: ExtensionPairingRequest): string {
  return `The extension "${r.name}" (${r.origin}) asks to pair with this library. It shows the code ${r.code}.`;
}

/** In `serve`: each request is printed, and typing its code approves it ("no CODE" refuses it). */
export function answerPairingsTyped(service: OffprintService, io: CliIo): { stop(): void } {
  const stopTelling = service.extension.onRequest((r) => io.stdout(`${pairingLine(r)} To approve, type that code and Enter (or "no ${r.code}").`));
  // Held as an iterator, so stopping closes it (and stdin with it) without waiting for another line.
  const lines = io.lines?.()[Symbol.asyncIterator]();
  void (async () => {
    if (!lines) return;
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = next.value;
      const typed = line.trim().toUpperCase();
      const deny = typed.startsWith('NO ');
      const code = deny ? typed.slice(3).trim() : typed;
      const request = service.extension.requests().find((r) => r.code === code);
      if (!request) {
        if (typed) io.stdout('No extension waiting shows that code.');
        continue;
      }
      if (deny) service.extension.deny(request.requestId);
      else await service.extension.approve(request.requestId).catch((error: unknown) => io.stderr(`offprint: ${(error as Error).message}`));
      io.stdout(deny ? `Refused ${request.name}.` : `Approved ${request.name}: it collects its token now.`);
    }
  })().catch((error: unknown) => io.stderr(`offprint: ${(error as Error).message}`));
  return {
    stop() {
      stopTelling();
      void lines?.return?.();
    },
  };
}

/** `extension pair`: waits for one request, approves it (with --yes, or when its code is typed), and for its token to be collected. */
export async function pairOnce(service: OffprintService, yes: boolean, io: CliIo): Promise<number> {
  io.stdout("In the extension's options page, press Pair with Offprint.");
  const request = await new Promise<ExtensionPairingRequest>((resolve) => {
    const stop = service.extension.onRequest((r) => {
      stop();
      resolve(r);
    });
  });
  io.stdout(pairingLine(request));
  let approve = yes;
  if (!yes) {
    io.stdout('Type that code and Enter to approve it (anything else refuses it):');
    approve = false;
    for await (const line of io.lines?.() ?? []) {
      approve = line.trim().toUpperCase() === request.code;
      break;
    }
  }
  if (!approve) {
    service.extension.deny(request.requestId);
    io.stderr('offprint: pairing refused.');
    return 1;
  }
  const pairing = await service.extension.approve(request.requestId);
  // The extension collects its token when it next asks (about every second); the pairing is listed once it has.
  const deadline = Date.now() + 5 * 60_000;
  while (Date.now() < deadline) {
    if ((await service.extension.pairings()).some((p) => p.id === pairing.id)) {
      io.stdout(`Paired: ${pairing.name} (${pairing.origin}), id ${pairing.id}.`);
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  io.stderr('offprint: the extension did not collect its token in time; pair again.');
  return 1;
}
