import { OffprintError } from '../../shared/errors';

/**
 * A library file in a format newer than this version of Offprint reads: not damage. It is refused
 * and left alone (repairing it would throw away what the newer version wrote).
 */
export class NewerFormatError extends Error {
  constructor(
    readonly version: number,
    readonly known: number,
  ) {
    super(`it was written in format ${version}, newer than this version of Offprint reads`);
  }
}

/**
 * Throws NewerFormatError when `raw` is a library file that says it is of a newer format than
 * `known`, the newest this code reads for that kind of file (see the formats in schema.ts).
 */
export function refuseNewer(raw: unknown, known: number): void {
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > known) throw new NewerFormatError(version, known);
}

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
    super('storage', `The library file ${file} is damaged (${reason}). Offprint repairs it from its backups when it opens the library to write, and keeps the damaged file.`, options);
  }
}

/**
 * The error for a file that could not be read or understood. A failure of the disk or of
 * permissions (an errno code) is not damage to repair, just a storage error; anything the parser
 * or a check threw is.
 */
export function damagedFile(file: string, error: unknown): OffprintError {
  if (error instanceof OffprintError) return error;
  if (error instanceof NewerFormatError) {
    return new OffprintError(
      'storage',
      `The library file ${file} was written by a newer version of Offprint (format ${error.version}; this version reads up to format ${error.known}). Update Offprint to open this library; nothing was changed.`,
      { cause: error },
    );
  }
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
