import { API_METHODS, type ApiMethod, type OffprintApi, type OffprintBridge } from '../shared/api';
import { OffprintError } from '../shared/errors';
import type { ApiResult } from '../shared/types';

declare global {
  interface Window {
    /** Present in the desktop app (from the preload); absent when served by `offprint serve`. */
    offprint?: OffprintBridge;
  }
}

/** Talks to `offprint serve`: POST /api/<method> with JSON; the token travels in its SameSite cookie. */
export function httpBridge(baseUrl = ''): OffprintBridge {
  const entries = API_METHODS.map((method) => [
    method,
    async (args: unknown): Promise<ApiResult<unknown>> => {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(args ?? {}),
          credentials: 'same-origin',
        });
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
  return Object.fromEntries(entries) as OffprintBridge;
}

/**
 * The renderer's only door to the library: the contract as plain async methods that throw
 * `OffprintError` (with its code and readable message) on failure.
 */
export function createApiClient(bridge: OffprintBridge = window.offprint ?? httpBridge()): OffprintApi {
  const client = {} as Record<ApiMethod, (args: unknown) => Promise<unknown>>;
  for (const method of API_METHODS) {
    client[method] = async (args: unknown) => {
      const call = bridge[method] as (a: unknown) => Promise<ApiResult<unknown>>;
      const result = await call(args);
      if (!result.ok) throw new OffprintError(result.error.code, result.error.message);
      return result.value;
    };
  }
  return client as unknown as OffprintApi;
}

