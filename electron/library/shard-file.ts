import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import type { Adapter } from 'lowdb';
import { refuseNewer } from './damage';
import { SHARD_FORMAT, type ShardHeader, shardHeaderSchema } from './schema';
import { codeOf, type Storage } from './storage';

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
  constructor(
    readonly file: string,
    private readonly storage: Storage,
  ) {}

  async read(): Promise<ShardContent | null> {
    let bytes: Buffer;
    try {
      bytes = await this.storage.fs.readFile(this.file);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return null;
      throw error;
    }
    return parseShard(bytes);
  }

  async write(data: ShardContent): Promise<void> {
    await this.storage.writeDurably(this.file, serializeShard(data));
  }
}

export function serializeShard(data: ShardContent): string {
  const header: ShardHeader = { schemaVersion: SHARD_FORMAT, ids: data.ids, urlKeys: data.urlKeys, lengths: data.lines.map((l) => Buffer.byteLength(l)) };
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

/** A header line, validated by its schema (a newer format is refused as such, not taken for damage). */
function parseHeader(text: string): ShardHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ShardFormatError('its header line is not JSON');
  }
  refuseNewer(raw, SHARD_FORMAT);
  const parsed = shardHeaderSchema.safeParse(raw);
  if (!parsed.success) throw new ShardFormatError('its header is not in a shape Offprint understands');
  const { ids, urlKeys, lengths } = parsed.data;
  if (urlKeys.length !== ids.length || lengths.length !== ids.length) throw new ShardFormatError('its header lists do not agree');
  return parsed.data;
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
