/**
 * Reading an import file, bounded: its size is checked before a byte is read (a 2 GB file is
 * refused at once), a zip is read through its central directory with yauzl, one entry at a time,
 * each entry's size held to what the directory declares and to a limit (so a zip bomb inflates
 * no further than that), and a text is decoded by its byte-order mark, else as UTF-8 (windows-1252
 * when it is not). A damaged or truncated file is an error in words.
 */
import { open, readFile, stat } from 'node:fs/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { OffprintError } from '../../shared/errors';

export const INPUT_LIMITS = {
  /** A text export (CSV, JSON, HTML, OPML, a list): read whole. */
  textBytes: 256 * 1024 * 1024,
  /** A zip: read an entry at a time. */
  zipBytes: 1024 * 1024 * 1024,
  /** One entry of a zip, inflated (metadata, a CSV, an article's HTML, an image). */
  entryBytes: 64 * 1024 * 1024,
  /** Everything a zip declares it holds, inflated. */
  zipTotalBytes: 16 * 1024 * 1024 * 1024,
  zipEntries: 1_000_000,
  /** An entry that inflates more than this many times its stored size, beyond a megabyte, is a bomb. */
  maxRatio: 1000,
};

export type ImportInput = { kind: 'text'; text: string; name: string } | { kind: 'zip'; zip: ZipArchive; name: string };

/** A zip read entry by entry. */
export interface ZipArchive {
  readonly names: string[];
  size(name: string): number;
  read(name: string): Promise<Buffer>;
  readText(name: string): Promise<string>;
  close(): void;
}

const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(n >= 1024 * 1024 * 1024 ? 0 : 1)} MB`;

/** Opens a file given by its path (the CLI, a local caller). */
export async function readImportFile(path: string, name = path, limits = INPUT_LIMITS): Promise<ImportInput> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new OffprintError('not-found', `${name} could not be read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}.`);
  }
  if (!info.isFile()) throw new OffprintError('invalid-argument', `${name} is not a file.`);
  const handle = await open(path, 'r');
  const head = Buffer.alloc(4);
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (isZip(head)) {
    if (info.size > limits.zipBytes) throw tooLarge(name, info.size, limits.zipBytes);
    return { kind: 'zip', zip: await openZip((cb) => yauzl.open(path, ZIP_OPTIONS, cb), name, limits), name };
  }
  if (info.size > limits.textBytes) throw tooLarge(name, info.size, limits.textBytes);
  return { kind: 'text', text: decodeText(await readFile(path)), name };
}

/** The same from bytes in memory (the contract's import, whose file the app or a browser read). */
export async function readImportBytes(bytes: Uint8Array, name: string, limits = INPUT_LIMITS): Promise<ImportInput> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isZip(buffer)) {
    if (buffer.length > limits.zipBytes) throw tooLarge(name, buffer.length, limits.zipBytes);
    return { kind: 'zip', zip: await openZip((cb) => yauzl.fromBuffer(buffer, ZIP_OPTIONS, cb), name, limits), name };
  }
  if (buffer.length > limits.textBytes) throw tooLarge(name, buffer.length, limits.textBytes);
  return { kind: 'text', text: decodeText(buffer), name };
}

const ZIP_OPTIONS = { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true, strictFileNames: false } as const;

function isZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6);
}

function tooLarge(name: string, size: number, limit: number): OffprintError {
  return new OffprintError('too-large', `${name} is ${mb(size)}; Offprint imports files of up to ${mb(limit)} of this kind (split the export, or export fewer at a time).`);
}

/** A text file's characters: byte-order mark first (UTF-8, UTF-16), else UTF-8, else windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

async function openZip(opener: (cb: (error: Error | null, zip?: ZipFile) => void) => void, name: string, limits: typeof INPUT_LIMITS): Promise<ZipArchive> {
  const damaged = (error: unknown) => new OffprintError('invalid-argument', `${name} is a damaged or incomplete zip file (${(error as Error).message}).`);
  const zip = await new Promise<ZipFile>((resolve, reject) => opener((error, z) => (error || !z ? reject(damaged(error)) : resolve(z))));
  const entries = new Map<string, Entry>();
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: Entry) => {
        if (entries.size >= limits.zipEntries) return reject(new OffprintError('too-large', `${name} holds more than ${limits.zipEntries.toLocaleString('en')} files; Offprint does not read it.`));
        total += entry.uncompressedSize;
        const bomb = entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize > entry.compressedSize * limits.maxRatio;
        if (bomb || total > limits.zipTotalBytes) return reject(new OffprintError('too-large', `${name} would inflate to ${mb(total)} (${entry.fileName} alone to ${mb(entry.uncompressedSize)} from ${mb(entry.compressedSize)}): a zip bomb or far larger than any export, so it is not read.`));
        if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (error: Error) => reject(damaged(error)));
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw error;
  }
  const read = async (entryName: string): Promise<Buffer> => {
    const entry = entries.get(entryName);
    if (!entry) throw new OffprintError('not-found', `${name} has no ${entryName}.`);
    if (entry.uncompressedSize > limits.entryBytes) throw new OffprintError('too-large', `${entryName} in ${name} is ${mb(entry.uncompressedSize)}, more than the ${mb(limits.entryBytes)} Offprint reads of one file in a zip.`);
    return new Promise<Buffer>((resolve, reject) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return reject(damaged(error));
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.entryBytes) stream.destroy(new Error(`${entryName} inflates past ${mb(limits.entryBytes)}`));
          else chunks.push(chunk);
        });
        stream.on('error', (e: Error) => reject(damaged(e)));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
      });
    });
  };
  return {
    names: [...entries.keys()],
    size: (entryName) => entries.get(entryName)?.uncompressedSize ?? 0,
    read,
    readText: async (entryName) => decodeText(await read(entryName)),
    close: () => zip.close(),
  };
}
