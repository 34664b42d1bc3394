import {
  DEFAULT_EXTENSION_PORT,
  type ErrorAnswer,
  EXTENSION_HEADER,
  EXTENSION_PATH_PREFIX,
  EXTENSION_PROTOCOL,
  EXTENSION_TOKEN_HEADER,
  type HelloAnswer,
  type PairAnswer,
  type PairRequest,
  type PairStatusAnswer,
  type PairStatusRequest,
  type SaveAnswer,
  type SaveRequest,
} from '../../shared/extension-protocol';

/**
 * The extension's end of the channel to Offprint (shared/extension-protocol.ts): one typed call per
 * route. The browser sets the Origin (the extension's own); this adds the custom header and, once
 * paired, the token. A failure is an ChannelError: `unreachable` when nothing answered (Offprint
 * is not running: the save waits), otherwise the app's own code and sentence.
 */
interface Routes {
  hello: [Record<string, never>, HelloAnswer];
  pair: [PairRequest, PairAnswer];
  'pair-status': [PairStatusRequest, PairStatusAnswer];
  save: [SaveRequest, SaveAnswer];
}

export class ChannelError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Connection {
  port: number;
  token: string | null;
}

export const DEFAULT_CONNECTION: Connection = { port: DEFAULT_EXTENSION_PORT, token: null };

export async function call<R extends keyof Routes>(connection: Connection, route: R, body: Routes[R][0]): Promise<Routes[R][1]> {
  const headers: Record<string, string> = { 'content-type': 'application/json', [EXTENSION_HEADER]: EXTENSION_PROTOCOL };
  if (connection.token) headers[EXTENSION_TOKEN_HEADER] = connection.token;
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${connection.port}${EXTENSION_PATH_PREFIX}${route}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      // Offprint needs no cookie of ours, and no page's.
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ChannelError('unreachable', `Offprint is not running (nothing answers on 127.0.0.1:${connection.port}).`);
  }
  const answer = (await response.json().catch(() => null)) as (Routes[R][1] & Partial<ErrorAnswer>) | null;
  if (!answer) throw new ChannelError('unreachable', `Something other than Offprint answers on 127.0.0.1:${connection.port}.`);
  if (!response.ok || answer.error) throw new ChannelError(answer.error?.code ?? 'internal', answer.error?.message ?? `Offprint answered ${response.status}.`);
  return answer;
}
