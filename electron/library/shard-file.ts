import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { SCHEMA_VERSION, type ShardHeader } from './schema';
import { refuseNewer } from './damage';
import { writeFileDurably } from './durable-file';

/** What an index shard holds: ids in list order, their address hashes, and one JSON record per line. */
export interface ShardContent {
  ids: string[];
  urlKeys: (number | null)[];
  /** Each record as one line of JSON (JSON.stringify never writes a raw newline). */
  lines: string[];
}

/** A shard's header as read at open, and how many bytes it takes. */
export interface ShardHead {
  header: ShardHeader;
  headerBytes: number;
}

class ShardFormatError extends Error {}

/**
 * A lowdb adapter for one index shard, a JSON Lines file: a header line (ids, address hashes, the
 * byte length of each record line), then one record per line. Written durably like every library
 * file; a file whose parts do not agree with its header is an error, never silently replaced.
 */
export class ShardFile implements Adapter<ShardContent> {
  constructor(readonly file: string) {}

  async read(): Promise<ShardContent | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return parseShard(bytes);
  }

  async write(data: ShardContent): Promise<void> {
    await writeFileDurably(this.file, serializeShard(data));
  }
}

export function serializeShard(data: ShardContent): string {
  const header: ShardHeader = { schemaVersion: SCHEMA_VERSION, ids: data.ids, urlKeys: data.urlKeys, lengths: data.lines.map((l) => Buffer.byteLength(l)) };
  return `${JSON.stringify(header)}\n${data.lines.map((l) => `${l}\n`).join('')}`;
}

/** Splits a whole shard file into its header and record lines, checking every length against the header. */
export function parseShard(bytes: Buffer): ShardContent {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) throw new ShardFormatError('it has no header line');
  const header = parseHeader(bytes.subarray(0, newline).toString('utf8'));
  const lines: string[] = [];
  let at = newline + 1;
  for (const length of header.lengths) {
    if (at + length >= bytes.length || bytes[at + length] !== 0x0a) throw new ShardFormatError('a record line does not have the length its header says');
    lines.push(bytes.subarray(at, at + length).toString('utf8'));
    at += length + 1;
  }
  if (at !== bytes.length) throw new ShardFormatError('it is longer than its header says');
  return { ids: header.ids, urlKeys: header.urlKeys, lines };
}

/** Synchronous whole-shard read, for loading a shard's records the first time one of them is needed. */
export function readShardSync(file: string): ShardContent {
  return parseShard(readFileSync(file));
}

/**
 * Reads only a shard's header line, and checks that the file is exactly as long as the header
 * says (so a truncated shard is found at open without reading its records). Synchronous: at open,
 * a few hundred small reads are much faster without a round trip through the thread pool each.
 */
export function readShardHeadSync(file: string): ShardHead {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    let buffer = Buffer.allocUnsafe(Math.min(32 * 1024, size));
    let filled = 0;
    let newline = -1;
    while (newline < 0 && filled < size) {
      if (filled === buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, size));
        buffer.copy(grown, 0, 0, filled);
        buffer = grown;
      }
      const read = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (read === 0) break;
      const found = buffer.subarray(filled, filled + read).indexOf(0x0a);
      if (found >= 0) newline = filled + found;
      filled += read;
    }
    if (newline < 0) throw new ShardFormatError('it has no header line');
    const header = parseHeader(buffer.toString('utf8', 0, newline));
    const expected = newline + 1 + header.lengths.reduce((sum, l) => sum + l + 1, 0);
    if (expected !== size) throw new ShardFormatError(`it is ${size} bytes long, its header says ${expected}`);
    return { header, headerBytes: newline + 1 };
  } finally {
    closeSync(fd);
  }
}

/** The same, without blocking (for the search worker). */
export async function readShardHead(file: string): Promise<ShardHead> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const chunks: Buffer[] = [];
    let position = 0;
    let newline = -1;
    while (newline < 0 && position < size) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, size - position));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      const found = chunk.subarray(0, bytesRead).indexOf(0x0a);
      if (found >= 0) newline = position + found;
      chunks.push(chunk.subarray(0, bytesRead));
      position += bytesRead;
    }
    if (newline < 0) throw new ShardFormatError('it has no header line');
    const header = parseHeader(Buffer.concat(chunks).subarray(0, newline).toString('utf8'));
    const expected = newline + 1 + header.lengths.reduce((sum, l) => sum + l + 1, 0);
    if (expected !== size) throw new ShardFormatError(`it is ${size} bytes long, its header says ${expected}`);
    return { header, headerBytes: newline + 1 };
  } finally {
    await handle.close();
  }
}

/** Checks a header by hand: it is read for every shard at every open, so it must be cheap. */
function parseHeader(text: string): ShardHeader {
  let raw: Partial<ShardHeader>;
  try {
    raw = JSON.parse(text) as Partial<ShardHeader>;
  } catch {
    throw new ShardFormatError('its header line is not JSON');
  }
  refuseNewer(raw);
  const { ids, urlKeys, lengths } = raw ?? {};
  if (
    raw?.schemaVersion !== SCHEMA_VERSION ||
    !Array.isArray(ids) ||
    !Array.isArray(urlKeys) ||
    !Array.isArray(lengths) ||
    !ids.every((id) => typeof id === 'string' && id.length > 0) ||
    !urlKeys.every((k) => k === null || (Number.isInteger(k) && k >= 0)) ||
    !lengths.every((l) => Number.isInteger(l) && l >= 2)
  ) {
    throw new ShardFormatError('its header is not in a shape Offprint understands');
  }
  if (urlKeys.length !== ids.length || lengths.length !== ids.length) throw new ShardFormatError('its header lists do not agree');
  return raw as ShardHeader;
}

/** A 32-bit FNV-1a hash of a normalised address: stored in shard headers to find duplicates quickly. */
export function urlKey(normalizedUrl: string | null): number | null {
  if (normalizedUrl === null) return null;
  let hash = 0x811c9dc5;
  for (let i = 0; i < normalizedUrl.length; i++) {
    hash ^= normalizedUrl.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
