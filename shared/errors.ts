import type { ErrorCode, OffprintErrorValue } from './types';

/**
 * A typed, user-readable failure. Thrown inside the library and capture code, turned into an
 * `OffprintErrorValue` at every boundary (IPC, HTTP, CLI) and back into this class in the renderer.
 */
export class OffprintError extends Error implements OffprintErrorValue {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OffprintError';
    this.code = code;
  }

  toValue(): OffprintErrorValue {
    return { code: this.code, message: this.message };
  }
}

/** Turns anything thrown into an error value; unexpected errors keep a generic message rather than internals. */
export function toErrorValue(error: unknown): OffprintErrorValue {
  if (error instanceof OffprintError) return error.toValue();
  if (isErrorValue(error)) return { code: error.code, message: error.message };
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Something went wrong inside Offprint: ${detail}` };
}

/** True for any object shaped like an error value (for example one that came over IPC as plain JSON). */
export function isErrorValue(value: unknown): value is OffprintErrorValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
