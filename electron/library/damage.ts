import { OffprintError } from '../../shared/errors';

/**
 * A library file that exists but cannot be understood (truncated, zero-filled, not JSON, or JSON
 * of the wrong shape). Opening the library catches it and repairs that one file from a rolling
 * backup (see recover.ts); anywhere else it is a `storage` error naming the file.
 */
export class DamagedFileError extends OffprintError {
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('storage', `The library file ${file} is damaged (${reason}). It has been left untouched.`, options);
  }
}

/**
 * The error for a file that could not be read or understood. A failure of the disk or of
 * permissions (an errno code) is not damage to repair, just a storage error; anything the parser
 * or a check threw is.
 */
export function damagedFile(file: string, error: unknown): OffprintError {
  if (error instanceof OffprintError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof (error as NodeJS.ErrnoException | null)?.code === 'string') {
    return new OffprintError('storage', `The library file ${file} could not be read (${message}). It has been left untouched.`, { cause: error });
  }
  // The parser's own message quotes the damaged bytes; the reader only needs to know what is wrong.
  return new DamagedFileError(file, error instanceof SyntaxError ? 'it is not valid JSON' : message, { cause: error });
}

/** The error for a file that parsed but is not in the shape its schema wants. */
export function wrongShape(file: string): DamagedFileError {
  return new DamagedFileError(file, 'it is not in a shape Offprint understands');
}
