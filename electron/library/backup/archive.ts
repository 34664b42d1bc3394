import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { Header, Pack, Parser, ReadEntry } from 'tar';
import { OffprintError } from '../../../shared/errors';
import { ArchiveTally, type BackupManifest, checkManifestSize, corrupt, MANIFEST, parseManifest, plan } from './contents';

/**
 * The archive format through node-tar: a gzip-compressed POSIX tar that any tar reads, with pax
 * extended headers wherever ustar falls short (long or non-ASCII names, times before 1970 or after
 * 2242, files over 8 GB). Only plain files and folders are written or accepted.
 */

/** One entry as it is read, its bytes streamed (each entry must be read to its end or skipped). */
export interface ArchiveEntry {
  path: string;
  type: string;
  size: number;
  mtime: Date | undefined;
  body: AsyncIterable<Buffer>;
}

/** Thrown by an entry handler to stop reading early. */
class StopReading extends Error {}

/** Calls `onEntry` for every entry of the archive in order, one at a time; damage is an OffprintError. */
export async function walkArchive(file: string, onEntry: (entry: ArchiveEntry) => Promise<void>): Promise<void> {
  await access(file).catch((error: unknown) => {
    throw new OffprintError('not-found', `The backup ${file} could not be opened: ${(error as Error).message}`);
  });
  const source = createReadStream(file);
  const parser = new Parser({ strict: true });
  let failure: unknown = null;
  let sawEndMarker = false;
  let chain = Promise.resolve();
  await new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      if (failure) return;
      failure = error;
      source.destroy();
      reject(error);
    };
    parser.on('entry', (entry: ReadEntry) => {
      chain = chain
        .then(async () => {
          if (failure) return;
          const mtime = entry.mtime instanceof Date && !Number.isNaN(entry.mtime.getTime()) ? entry.mtime : undefined;
          await onEntry({ path: entry.path, type: entry.type, size: entry.size, mtime, body: entry });
        })
        .catch(fail)
        // Whatever the handler left unread is skipped, so the next entry comes.
        .finally(() => entry.resume());
    });
    parser.on('ignoredEntry', (entry: ReadEntry) => fail(corrupt(`"${entry.path.slice(0, 200)}" is an entry of a kind a backup never holds (${entry.type})`)));
    parser.on('error', (error: Error) => fail(describeParseError(error)));
    parser.on('eof', () => (sawEndMarker = true));
    parser.on('end', () => {
      void chain.then(() => (sawEndMarker ? resolve() : fail(corrupt('the archive ends without its end marker (it is incomplete)'))));
    });
    source.on('error', (error) => fail(new OffprintError('storage', `The backup ${file} could not be read: ${error.message}`, { cause: error })));
    source.pipe(parser as unknown as NodeJS.WritableStream);
  });
}

function describeParseError(error: Error & { tarCode?: string; code?: string }): OffprintError {
  const message = error.message;
  if (/checksum failure/.test(message)) return corrupt('an entry header is damaged (checksum mismatch)');
  if (/Truncated input/.test(message)) return corrupt('the archive ends in the middle of an entry (it is incomplete)');
  if (/Unrecognized archive format/.test(message)) return corrupt('it is not a tar archive');
  if (/max decompression ratio/.test(message)) return corrupt('it expands to far more than any library holds');
  if (/unexpected end of file/.test(message) || error.code === 'Z_BUF_ERROR') return corrupt('its compressed data ends early (it is incomplete)');
  if (/^Z_|^ERR_ZLIB/.test(String(error.code))) return corrupt('it is not a readable gzip file');
  return corrupt(`an entry header is damaged (${message.replace(/^TAR_[A-Z_]+: /, '')})`);
}

export async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(chunk);
  return Buffer.concat(parts);
}

/** The manifest when it is the archive's first entry (this version's archives), else null; reads nothing more. */
export async function readManifestIfFirst(file: string): Promise<BackupManifest | null> {
  let manifest: BackupManifest | null = null;
  try {
    await walkArchive(file, async (entry) => {
      if (entry.path === MANIFEST && (entry.type === 'File' || entry.type === 'OldFile')) {
        checkManifestSize(entry.size);
        manifest = parseManifest((await readAll(entry.body)).toString('utf8'));
      }
      throw new StopReading();
    });
  } catch (error) {
    if (!(error instanceof StopReading)) throw error;
  }
  return manifest;
}

/**
 * Reads a whole archive without writing anything and holds every entry to the manifest: the rules
 * of `plan`, every file's size and SHA-256, nothing missing, nothing extra. `manifestFirst`
 * requires this version's layout (a backup just written); `limit` refuses an archive whose files
 * add up to more than there is room for, as soon as they do.
 */
export async function verifyArchive(
  file: string,
  options: { manifestFirst?: boolean; limit?: { bytes: number; error: () => Error } } = {},
): Promise<{ manifest: BackupManifest; files: number; directories: number; bytes: number; skipped: string[] }> {
  const tally = new ArchiveTally(options.limit);
  let manifest: BackupManifest | null = null;
  let first = true;
  let afterLateManifest = false;
  await walkArchive(file, async (entry) => {
    const planned = plan(entry.path, entry.type);
    if (afterLateManifest) throw corrupt('there are entries after the manifest');
    if (options.manifestFirst && first !== (planned.kind === 'manifest')) throw corrupt('its manifest is not its first entry');
    if (planned.kind === 'manifest') {
      checkManifestSize(entry.size);
      manifest = parseManifest((await readAll(entry.body)).toString('utf8'));
      tally.setManifest(manifest);
      afterLateManifest = !first;
    } else if (planned.kind === 'skip') {
      tally.skipped.push(planned.rel);
    } else if (planned.kind === 'dir') {
      tally.dir(planned.rel);
    } else {
      tally.beginFile(planned.rel, entry.size);
      const hash = createHash('sha256');
      for await (const chunk of entry.body) hash.update(chunk);
      tally.endFile(planned.rel, hash.digest('hex'));
    }
    first = false;
  });
  const counts = tally.finish();
  return { manifest: manifest!, ...counts };
}

/**
 * Writes entries into a gzip-compressed tar, handing the compressed bytes to `sink` (which may
 * be slow: the archive waits for it). Entries go in one at a time, in the order added.
 */
export class ArchiveWriter {
  /** The entry pack.add() just made: node-tar hands it over as it is made. */
  private made: NodeJS.EventEmitter | null = null;
  private readonly pack = new Pack({ gzip: true, portable: true, strict: true, onWriteEntry: (entry) => (this.made = entry) });
  private readonly pumping: Promise<void>;
  /** Settles only if writing fails: raced with every wait, so a failed sink never leaves a wait hanging. */
  private readonly failed: Promise<never>;

  constructor(sink: (chunk: Buffer) => Promise<void>) {
    this.pumping = (async () => {
      for await (const chunk of this.pack as AsyncIterable<Buffer>) await sink(chunk);
    })();
    this.failed = this.pumping.then(() => new Promise<never>(() => undefined));
    // A failure is seen by the next add() or finish(); this only keeps it from being reported as unhandled.
    this.pumping.catch(() => undefined);
  }

  /** Adds a folder, or a file whose bytes `body` yields (exactly `size` of them). */
  async add(entry: { path: string; type: 'File' | 'Directory'; size: number; mtime?: Date }, body?: AsyncIterable<Uint8Array> | Uint8Array): Promise<void> {
    const directory = entry.type === 'Directory';
    const readEntry = new ReadEntry(new Header({ path: entry.path, type: entry.type, size: entry.size, mtime: entry.mtime, mode: directory ? 0o755 : 0o644 }));
    this.made = null;
    this.pack.add(readEntry);
    const made = this.made as NodeJS.EventEmitter | null;
    if (!made) throw new Error('node-tar made no entry');
    // Done when the pack has taken all of it: Pack only moves on while fewer than its 4 jobs wait,
    // so adding entries faster than it writes them would stall it.
    const taken = new Promise((ok) => made.once('end', ok));
    const chunks: AsyncIterable<Uint8Array> | Uint8Array[] = body instanceof Uint8Array ? [body] : (body ?? []);
    let written = 0;
    for await (const chunk of chunks) {
      written += chunk.length;
      if (written > entry.size) break;
      if (!readEntry.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length))) {
        await Promise.race([new Promise((ok) => readEntry.once('drain', ok)), this.failed]);
      }
    }
    if (written !== entry.size) throw new OffprintError('storage', `${entry.path} changed while it was being backed up; try again.`);
    readEntry.end();
    await Promise.race([taken, this.failed]);
  }

  /** Ends the archive and waits until the sink has every byte. */
  async finish(): Promise<void> {
    this.pack.end();
    await this.pumping;
  }

  /** Stops writing after a failure elsewhere. */
  abandon(): void {
    this.pack.destroy();
  }
}
