import { API_METHODS, type ApiMethod, type OffprintApi, type OffprintBridge, type Subscribe } from '../shared/api';
import { OffprintError } from '../shared/errors';
import type { ApiResult } from '../shared/types';
import { httpEventStream } from './event-stream';

/** What the renderer talks to: the contract's methods, and `on(event, listener)` for its events (returns the unsubscribe). */
export type OffprintClient = OffprintApi & { on: Subscribe };

declare global {
  interface Window {
    /** Present in the desktop app (from the preload); absent when served by `offprint serve`. */
    offprint?: OffprintBridge;
  }
}

/** Where the page keeps `offprint serve`'s token: session storage is per origin, so per server's port. */
export const TOKEN_KEY = 'offprint.token';

/**
 * The token `offprint serve` printed, taken out of the address (`?token=`) into session storage and
 * removed from the address bar and the history entry; on a reload, read back from session storage.
 */
export function takeServeToken(win: Pick<Window, 'location' | 'history' | 'sessionStorage'> = window): string | null {
  const url = new URL(win.location.href);
  const given = url.searchParams.get('token');
  if (given) {
    try {
      win.sessionStorage.setItem(TOKEN_KEY, given);
    } catch {
      // Storage refused (a private window with storage off): the token still works for this page's life.
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return given;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/**
 * Talks to `offprint serve`: POST /api/<method> with JSON, the token in the `x-offprint-token`
 * header; the events come from its event stream, read with the same header (event-stream.ts).
 */
export function httpBridge(baseUrl = '', token: string | null = null): OffprintBridge {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['x-offprint-token'] = token;
  const entries = API_METHODS.map((method) => [
    method,
    async (args: unknown): Promise<ApiResult<unknown>> => {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(args ?? {}), credentials: 'omit' });
      } catch {
        return { ok: false, error: { code: 'network', message: 'Offprint is not running (the connection to it was lost).' } };
      }
      try {
        return (await response.json()) as ApiResult<unknown>;
      } catch {
        return { ok: false, error: { code: 'internal', message: `Offprint answered ${response.status} without a result.` } };
      }
    },
  ]);
  return { ...Object.fromEntries(entries), on: httpEventStream({ baseUrl, token }) } as OffprintBridge;
}

export const BRIDGE_MISSING_MESSAGE =
  "Offprint's window could not reach your library: the app's bridge (its preload script) did not load. Quit Offprint and start it again; if this keeps happening, reinstall it.";

/** A bridge whose every call answers that the app's bridge did not load. */
export function missingBridge(): OffprintBridge {
  const answer = async (): Promise<ApiResult<unknown>> => ({ ok: false, error: { code: 'internal', message: BRIDGE_MISSING_MESSAGE } });
  return { ...Object.fromEntries(API_METHODS.map((method) => [method, answer])), on: () => () => undefined } as unknown as OffprintBridge;
}

/**
 * The bridge this page has: the desktop app's preload bridge; else, only on an http(s) page (that
 * is, `offprint serve`), the HTTP client; else (an `offprint:` page whose preload failed) none, said
 * plainly on every call rather than as a puzzling HTTP error.
 */
export function pageBridge(win: Pick<Window, 'offprint' | 'location' | 'history' | 'sessionStorage'> = window): OffprintBridge {
  if (win.offprint) return win.offprint;
  if (win.location.protocol === 'http:' || win.location.protocol === 'https:') return httpBridge('', takeServeToken(win));
  return missingBridge();
}

/**
 * The renderer's only door to the library: the contract as plain async methods that throw
 * `OffprintError` (with its code and readable message) on failure, and the same `on()` for the
 * events whichever the transport (IPC in the app, Server-Sent Events in `serve`).
 */
export function createApiClient(bridge: OffprintBridge = pageBridge()): OffprintClient {
  const client = {} as Record<ApiMethod, (args: unknown) => Promise<unknown>>;
  for (const method of API_METHODS) {
    client[method] = async (args: unknown) => {
      const call = bridge[method] as (a: unknown) => Promise<ApiResult<unknown>>;
      const result = await call(args);
      if (!result.ok) throw new OffprintError(result.error.code, result.error.message);
      return result.value;
    };
  }
  // A bridge without on() (a stand-in in a test) still works: the page then only learns what it asks.
  const on: Subscribe = (event, listener) => (typeof bridge.on === 'function' ? bridge.on(event, listener) : () => undefined);
  return { ...(client as unknown as OffprintApi), on };
}
