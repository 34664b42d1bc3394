import { type ApiMethod, isApiMethod, type OffprintApi } from '../shared/api';
import { toErrorValue } from '../shared/errors';
import { argSchemas, describeIssues } from '../shared/schemas';
import type { ApiResult } from '../shared/types';

/**
 * The one generic bridge every shell uses (IPC, HTTP, CLI): checks the method name, parses the
 * untrusted arguments with that method's schema, calls the service, and turns any failure into a
 * typed error value. Never throws.
 */
export async function callApi(service: OffprintApi, method: string, rawArgs: unknown): Promise<ApiResult<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'invalid-argument', message: `Offprint has no method called "${String(method).slice(0, 60)}".` } };
  }
  const parsed = argSchemas[method].safeParse(rawArgs ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid-argument', message: `Invalid arguments for ${method}: ${describeIssues(parsed.error)}` } };
  }
  try {
    const call = service[method] as (args: unknown) => Promise<unknown>;
    return { ok: true, value: await call.call(service, parsed.data) };
  } catch (error) {
    return { ok: false, error: toErrorValue(error) };
  }
}

export type { ApiMethod };
