import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, mkdtemp, open, readdir, rename, rm, rmdir, stat, utimes } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { OffprintError } from '../../shared/errors';
import { syncDirectory, syncFile } from './durable-file';
import { BACKUPS_DIR, isTransientEntry } from './layout';

/**
 * `offprint backup` / `offprint restore`: the whole data directory as one gzip-compressed tar
 * (POSIX ustar, pax headers for long names), readable by any tar. Every file and folder of the
 * library is in it except the lock and temporary files, whatever the index layout is, under
 * `library/`; a manifest with each file's size and SHA-256 is the last entry, so a restore can
 * prove it got every byte.
 */

const ROOT = 'library';
const MANIFEST = 'offprint-backup.json';
const FORMAT = 'offprint-backup';
const BLOCK = 512;
const MAX_PAX_BYTES = 64 * 1024;
const MAX_OCTAL_SIZE = 0o77777777777;

export interface BackupManifest {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  directories: string[];
  files: { path: string; size: number; sha256: string }[];
}

export interface BackupSummary {
  files: number;
  directories: number;
  bytes: number;
}

/**
 * What a backup leaves out: the lock, temporary files of a write in progress, staging folders of
 * an interrupted save (not part of the library; removed when it opens), and the rolling backups.
 */
function isSkipped(name: string, atRoot: boolean): boolean {
  // The rolling backups are older copies of the index this archive already holds.
  if (atRoot && name === BACKUPS_DIR) return true;
  return (atRoot && isTransientEntry(name)) || name.endsWith('.tmp') || name.startsWith('.staging-');
}

// ── writing ──────────────────────────────────────────────────────────────────────────────────

/** Writes an archive of `dataDir` to `outFile` (through a temporary file, so a failed backup leaves no half archive). */
export async function writeBackup(dataDir: string, outFile: string): Promise<BackupSummary> {
  const root = resolve(dataDir);
  const out = resolve(outFile);
  if (out === root || out.startsWith(root + sep)) {
    throw new OffprintError('invalid-argument', 'Write the backup outside the library folder, or it would contain itself.');
  }
  if (!(await stat(root).then((s) => s.isDirectory(), () => false))) {
    throw new OffprintError('not-found', `There is no library folder at ${root}.`);
  }
  const { directories, files } = await listTree(root);
  const manifest: BackupManifest = { format: FORMAT, version: 1, createdAt: new Date().toISOString(), directories, files: [] };
  const tmp = `${out}.${randomBytes(6).toString('hex')}.tmp`;

  async function* archive(): AsyncGenerator<Buffer> {
    for (const dir of directories) yield* entryHeader(`${ROOT}/${dir}/`, '5', 0, (await stat(join(root, dir))).mtime);
    for (const path of files) {
      const full = join(root, path);
      const info = await stat(full);
      yield* entryHeader(`${ROOT}/${path}`, '0', info.size, info.mtime);
      const hash = createHash('sha256');
      let written = 0;
      for await (const chunk of createReadStream(full) as AsyncIterable<Buffer>) {
        written += chunk.length;
        if (written > info.size) break;
        hash.update(chunk);
        yield chunk;
      }
      if (written !== info.size) throw new OffprintError('storage', `${path} changed while it was being backed up; try again.`);
      yield padding(info.size);
      manifest.files.push({ path, size: info.size, sha256: hash.digest('hex') });
    }
    const body = Buffer.from(JSON.stringify(manifest, null, 1));
    yield* entryHeader(MANIFEST, '0', body.length, new Date());
    yield body;
    yield padding(body.length);
    yield Buffer.alloc(BLOCK * 2);
  }

  try {
    await pipeline(Readable.from(archive()), createGzip(), createWriteStream(tmp, { flags: 'wx' }));
    await syncFile(tmp);
    await rename(tmp, out);
    await syncDirectory(dirname(out));
  } catch (error) {
    await rm(tmp, { force: true });
    if (error instanceof OffprintError) throw error;
    throw new OffprintError('storage', `The backup could not be written to ${out}: ${(error as Error).message}`, { cause: error });
  }
  return { files: files.length, directories: directories.length, bytes: manifest.files.reduce((n, f) => n + f.size, 0) };
}

/** Every folder and file under `root` (relative, `/`-separated, sorted), without transient entries; symlinks are refused. */
async function listTree(root: string): Promise<{ directories: string[]; files: string[] }> {
  const directories: string[] = [];
  const files: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (isSkipped(entry.name, dir === root)) continue;
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      if (entry.isDirectory()) {
        directories.push(rel);
        await walk(full);
      } else if (entry.isFile()) {
        files.push(rel);
      } else {
        throw new OffprintError('storage', `${rel} in the library folder is not a plain file or folder, so it cannot be backed up.`);
      }
    }
  }
  await walk(root);
  return { directories, files };
}

function* entryHeader(path: string, type: '0' | '5', size: number, mtime: Date): Generator<Buffer> {
  if (size > MAX_OCTAL_SIZE) throw new OffprintError('too-large', `${path} is too large to back up (over 8 GB).`);
  const name = Buffer.from(path, 'utf8');
  const seconds = Math.floor(mtime.getTime() / 1000);
  if (name.length > 100 || /[^\x20-\x7e]/.test(path)) {
    // A pax extended header carries the full UTF-8 path; the ustar name is only a fallback.
    const record = paxRecord('path', path);
    yield header('PaxHeader/entry', 'x', record.length, seconds);
    yield record;
    yield padding(record.length);
  }
  yield header(name.length > 100 ? path.slice(0, 99) : path, type, size, seconds);
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (Buffer.byteLength(`${length}${body}`) !== length) length++;
  return Buffer.from(`${length}${body}`, 'utf8');
}

function header(name: string, type: string, size: number, mtimeSeconds: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(type === '5' ? 0o755 : 0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(mtimeSeconds, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write(type, 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  return block;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\u0000`;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

// ── reading ──────────────────────────────────────────────────────────────────────────────────

/** Reads exactly the bytes asked for from a stream of chunks. */
class ByteReader {
  private buffered: Buffer[] = [];
  private length = 0;
  private readonly source: AsyncIterator<Buffer>;

  constructor(source: AsyncIterable<Buffer>) {
    this.source = source[Symbol.asyncIterator]();
  }

  /** Up to `max` bytes (at least 1), or null at the end. */
  async some(max: number): Promise<Buffer | null> {
    if (this.length === 0) {
      const next = await this.source.next();
      if (next.done) return null;
      this.buffered.push(next.value);
      this.length += next.value.length;
    }
    const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
    const out = all.subarray(0, Math.min(max, all.length));
    const rest = all.subarray(out.length);
    this.buffered = rest.length ? [rest] : [];
    this.length = rest.length;
    return out;
  }

  async exactly(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let got = 0;
    while (got < n) {
      const part = await this.some(n - got);
      if (!part) throw corrupt('the archive ends in the middle of an entry (it is incomplete)');
      parts.push(part);
      got += part.length;
    }
    return Buffer.concat(parts);
  }
}

function corrupt(detail: string): OffprintError {
  return new OffprintError('invalid-argument', `That is not a complete Offprint backup: ${detail}.`);
}

interface Header {
  name: string;
  type: string;
  size: number;
  mtime: number;
}

function parseHeader(block: Buffer): Header | null {
  if (block.every((b) => b === 0)) return null;
  const stored = parseInt(block.subarray(148, 156).toString('ascii').replace(/[\0 ]+$/g, '').trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  if (stored !== sum) throw corrupt('an entry header is damaged (checksum mismatch)');
  const field = (start: number, length: number) => {
    const raw = block.subarray(start, start + length);
    const end = raw.indexOf(0);
    return raw.subarray(0, end === -1 ? length : end).toString('utf8');
  };
  const number = (start: number, length: number) => {
    const text = field(start, length).trim();
    if (!/^[0-7]*$/.test(text)) throw corrupt('an entry header has a bad number');
    return text ? parseInt(text, 8) : 0;
  };
  const prefix = field(345, 155);
  const name = field(0, 100);
  return { name: prefix ? `${prefix}/${name}` : name, type: String.fromCharCode(block[156]!) || '0', size: number(124, 12), mtime: number(136, 12) };
}

function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const length = parseInt(body.subarray(at, space).toString('ascii'), 10);
    if (space === -1 || !Number.isInteger(length) || length <= 0 || at + length > body.length) throw corrupt('an extended header is damaged');
    const record = body.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return out;
}

/**
 * The library-relative path of an archive entry, or an error: only `library/…` paths made of
 * ordinary names (no `..`, `.`, empty or absolute parts, backslashes, drive letters or control
 * characters) may be restored.
 */
export function safeEntryPath(name: string): string {
  const trimmed = name.replace(/\/+$/, '');
  if (!trimmed.startsWith(`${ROOT}/`)) throw corrupt(`"${name.slice(0, 200)}" is outside the library`);
  const rel = trimmed.slice(ROOT.length + 1);
  const parts = rel.split('/');
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..' || /[\\:]/.test(part) || hasControlCharacter(part) || part.length > 255) {
      throw corrupt(`"${name.slice(0, 200)}" is not a safe path`);
    }
  }
  return parts.join('/');
}

/**
 * Rebuilds a library from an archive made by `writeBackup` into `targetDir`, which must not exist
 * or be empty. Everything is written into a fresh folder beside the target and moved into place
 * only once every file matched the manifest, so a bad archive leaves nothing behind.
 */
export async function restoreBackup(archiveFile: string, targetDir: string): Promise<BackupSummary> {
  const target = resolve(targetDir);
  const existing = await lstat(target).catch(() => null);
  if (existing) {
    if (!existing.isDirectory()) throw new OffprintError('invalid-argument', `${target} exists and is not a folder.`);
    if ((await readdir(target)).length > 0) throw new OffprintError('invalid-argument', `${target} is not empty: restore into a new or empty folder.`);
  }
  await mkdir(dirname(target), { recursive: true });
  const staging = await mkdtemp(join(dirname(target), '.offprint-restore-'));
  try {
    const summary = await extractInto(archiveFile, staging);
    await syncDirectory(staging);
    if (existing) await rmdir(target);
    await rename(staging, target);
    await syncDirectory(dirname(target));
    return summary;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (error instanceof OffprintError) throw error;
    throw new OffprintError('storage', `The backup could not be restored: ${(error as Error).message}`, { cause: error });
  }
}

async function extractInto(archiveFile: string, into: string): Promise<BackupSummary> {
  const head = Buffer.alloc(2);
  const probe = await open(archiveFile, 'r').catch((error: unknown) => {
    throw new OffprintError('not-found', `The backup ${archiveFile} could not be opened: ${(error as Error).message}`);
  });
  try {
    await probe.read(head, 0, 2, 0);
  } finally {
    await probe.close();
  }
  const raw = createReadStream(archiveFile);
  const source: AsyncIterable<Buffer> = head[0] === 0x1f && head[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
  const reader = new ByteReader(source);
  const seenFiles = new Map<string, { size: number; sha256: string }>();
  const seenDirs = new Set<string>();
  let manifest: BackupManifest | null = null;
  let pax: Record<string, string> = {};
  try {
    for (;;) {
      const first = await reader.some(BLOCK);
      if (!first) throw corrupt('the archive ends without its end marker');
      const entry = parseHeader(first.length === BLOCK ? first : Buffer.concat([first, await reader.exactly(BLOCK - first.length)]));
      if (!entry) break;
      if (manifest) throw corrupt('there are entries after the manifest');
      const padded = entry.size + ((BLOCK - (entry.size % BLOCK)) % BLOCK);
      if (entry.type === 'x') {
        if (entry.size > MAX_PAX_BYTES) throw corrupt('an extended header is too large');
        pax = parsePax((await reader.exactly(padded)).subarray(0, entry.size));
        continue;
      }
      const name = pax.path ?? entry.name;
      pax = {};
      if (name === MANIFEST && entry.type === '0') {
        if (entry.size > 256 * 1024 * 1024) throw corrupt('the manifest is too large');
        const text = (await reader.exactly(padded)).subarray(0, entry.size).toString('utf8');
        manifest = parseManifest(text);
        continue;
      }
      const rel = safeEntryPath(name);
      if (seenDirs.has(rel) || seenFiles.has(rel)) throw corrupt(`"${rel}" appears twice`);
      const dest = join(into, ...rel.split('/'));
      if (entry.type === '5') {
        seenDirs.add(rel);
        await mkdir(dest, { recursive: true });
        await reader.exactly(padded);
        await utimes(dest, entry.mtime, entry.mtime).catch(() => undefined);
      } else if (entry.type === '0' || entry.type === '\0') {
        await mkdir(dirname(dest), { recursive: true });
        const sha256 = await writeEntry(reader, dest, entry.size);
        await reader.exactly(padded - entry.size);
        await utimes(dest, entry.mtime, entry.mtime).catch(() => undefined);
        seenFiles.set(rel, { size: entry.size, sha256 });
      } else {
        throw corrupt(`"${rel}" is a link or device (type ${JSON.stringify(entry.type)}), which a library never holds`);
      }
    }
  } catch (error) {
    if (/^Z_|^ERR_ZLIB/.test(String((error as NodeJS.ErrnoException).code))) throw corrupt('it is not a readable gzip file');
    throw error;
  } finally {
    raw.destroy();
  }
  if (!manifest) throw corrupt('its manifest is missing');
  if (manifest.files.length !== seenFiles.size) throw corrupt('it holds other files than its manifest lists');
  for (const file of manifest.files) {
    const seen = seenFiles.get(file.path);
    if (!seen || seen.size !== file.size || seen.sha256 !== file.sha256) throw corrupt(`${file.path} does not match the manifest`);
  }
  for (const dir of manifest.directories) if (!seenDirs.has(dir)) throw corrupt(`the folder ${dir} is missing`);
  return { files: seenFiles.size, directories: seenDirs.size, bytes: manifest.files.reduce((n, f) => n + f.size, 0) };
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20 || text.charCodeAt(i) === 0x7f) return true;
  return false;
}

function parseManifest(text: string): BackupManifest {
  let value: Partial<BackupManifest>;
  try {
    value = JSON.parse(text) as Partial<BackupManifest>;
  } catch {
    throw corrupt('its manifest is not JSON');
  }
  if (value.format !== FORMAT || value.version !== 1 || !Array.isArray(value.files) || !Array.isArray(value.directories)) {
    throw corrupt('its manifest is of an unknown kind');
  }
  for (const f of value.files) {
    if (typeof f?.path !== 'string' || typeof f.size !== 'number' || typeof f.sha256 !== 'string') throw corrupt('its manifest is damaged');
  }
  return value as BackupManifest;
}

async function writeEntry(reader: ByteReader, dest: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(dest, 'wx');
  try {
    let left = size;
    while (left > 0) {
      const chunk = await reader.some(Math.min(left, 1024 * 1024));
      if (!chunk) throw corrupt('the archive ends in the middle of a file (it is incomplete)');
      hash.update(chunk);
      await handle.write(chunk);
      left -= chunk.length;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

