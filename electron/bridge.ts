import { type ApiMethod, isApiMethod, type OffprintApi } from '../shared/api';
import { toErrorValue } from '../shared/errors';
import { argSchemas, describeIssues } from '../shared/schemas';
import type { ApiResult, OffprintErrorValue } from '../shared/types';

/**
 * The one generic bridge every shell uses (IPC, HTTP, CLI): checks the method name, parses the
 * untrusted arguments with that method's schema, calls the service, and turns any failure into a
 * typed error value. Never throws.
 */
export async function callApi(service: OffprintApi, method: string, rawArgs: unknown): Promise<ApiResult<unknown>> {
  // Everything, parsing included, is inside the try: an in-process caller can pass values whose
  // getters or toString throw, and the bridge must still answer with a typed error.
  try {
    if (!isApiMethod(method)) {
      return { ok: false, error: { code: 'invalid-argument', message: `Offprint has no method called "${String(method).slice(0, 60)}".` } };
    }
    const parsed = argSchemas[method].safeParse(rawArgs ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid-argument', message: `Invalid arguments for ${method}: ${describeIssues(parsed.error)}` } };
    }
    const call = service[method] as (args: unknown) => Promise<unknown>;
    return { ok: true, value: await call.call(service, parsed.data) };
  } catch (error) {
    return { ok: false, error: safeErrorValue(error) };
  }
}

function safeErrorValue(error: unknown): OffprintErrorValue {
  try {
    return toErrorValue(error);
  } catch {
    return { code: 'invalid-argument', message: 'Offprint could not read the arguments of that call.' };
  }
}

export type { ApiMethod };
