/**
 * Shared by the backup test files (tests/electron/backup*.test.ts): a library made quickly through
 * the library itself, a tree snapshot, hand-made (hostile) tar entries, a fault-injecting disk
 * seam, and a small real tmpfs where this machine lets a test mount one.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type BackupFs, nodeBackupFs } from '../../../../electron/library/backup';
import { Library } from '../../../../electron/library/library';
import { articleRecord } from '../../../helpers/records';
import { random } from '../../../helpers/random';

/** Every folder and file under `dir` with the bytes of each file (base64). */
export async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const rel of (await readdir(dir, { recursive: true })).sort()) {
    const full = join(dir, rel);
    out[rel] = (await stat(full)).isDirectory() ? '<dir>' : (await readFile(full)).toString('base64');
  }
  return out;
}

/** Bytes that do not compress (seeded), so an archive's size is about its library's. */
export function noise(size: number, seed: number): Buffer {
  const next = random(seed);
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = Math.floor(next() * 256);
  return out;
}

/** A library of `articles` text articles, each with one stored image of `imageBytes` bytes of noise. */
export async function makeLibrary(dataDir: string, options: { articles?: number; imageBytes?: number; seed?: number } = {}): Promise<string[]> {
  const library = await Library.open({ dataDir, backups: false });
  const ids: string[] = [];
  for (let n = 0; n < (options.articles ?? 3); n++) {
    const image = noise(options.imageBytes ?? 2048, (options.seed ?? 1) * 1000 + n);
    const name = `${createHash('sha256').update(image).digest('hex').slice(0, 32)}.png`;
    const id = library.newId();
    await library.addArticle({ record: articleRecord(id, { title: `Article ${n}`, images: { total: 1, saved: 1, failed: [] } }), files: {
      bodyHtml: `<p>Article ${n} <img src="/assets/${id}/${name}"></p>`,
      bodyText: `Article ${n}\n\nIts only paragraph.`,
      rawPage: Buffer.from(`<html><body><p>Article ${n}</p></body></html>`),
      images: new Map([[name, image]]),
    } });
    ids.push(id);
  }
  await library.close();
  return ids;
}

/** A minimal tar writer for hand-made (hostile) archives, in the old layout's ustar. */
export function tarEntry(name: string, body: string | Buffer, type = '0', linkName = '', mtime = '00000000000'): Buffer {
  const data = Buffer.from(body);
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write(`${mtime}\0`, 136);
  header.write('        ', 148);
  header.write(type, 156);
  header.write(linkName, 157, 100);
  header.write('ustar\u000000', 257);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return Buffer.concat([header, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}
export const tarEnd = Buffer.alloc(1024);

/** A manifest entry listing `files` (path and the body the manifest claims) and `directories`. */
export function manifestEntry(files: { path: string; body: string | Buffer; size?: number }[], directories: string[] = []): Buffer {
  return tarEntry(
    'offprint-backup.json',
    JSON.stringify({
      format: 'offprint-backup',
      version: 1,
      createdAt: '',
      directories,
      files: files.map((f) => ({ path: f.path, size: f.size ?? Buffer.byteLength(f.body), sha256: createHash('sha256').update(f.body).digest('hex') })),
    }),
  );
}

export type FsOp = keyof BackupFs | 'write' | 'sync' | 'close';
export interface FsCall {
  op: FsOp;
  path: string;
}

/**
 * The real disk seam, recording every call, with `fault` deciding per call whether it fails (an
 * errno such as 'ENOSPC'), is corrupted ('corrupt': a write whose first byte is flipped), or goes
 * through (null). `n` counts calls of the same op, from 1.
 */
export function faultyFs(
  fault: (call: FsCall, n: number) => string | null,
  free?: { bytes: number; blockSize: number },
  /** Awaited before each call goes through (the crash child stops here, to be killed). */
  before?: (call: FsCall, n: number) => Promise<void> | void,
): { fs: BackupFs; calls: FsCall[]; written: () => number; counts: Map<FsOp, number> } {
  const calls: FsCall[] = [];
  const counts = new Map<FsOp, number>();
  let written = 0;
  const check = async (op: FsOp, path: string): Promise<string | null> => {
    calls.push({ op, path });
    const n = (counts.get(op) ?? 0) + 1;
    counts.set(op, n);
    await before?.({ op, path }, n);
    const code = fault({ op, path }, n);
    if (code && code !== 'corrupt') {
      throw Object.assign(new Error(`${code}: injected failure, ${op} '${path}'`), { code, syscall: op, path });
    }
    return code;
  };
  const fs: BackupFs = {
    async createFile(path) {
      await check('createFile', path);
      const handle = await nodeBackupFs.createFile(path);
      return {
        async write(data) {
          const action = await check('write', path);
          const bytes = action === 'corrupt' ? Buffer.from(data) : data;
          if (action === 'corrupt') bytes[0] = bytes[0]! ^ 0xff;
          written += bytes.length;
          await handle.write(bytes);
        },
        async sync() {
          await check('sync', path);
          await handle.sync();
        },
        async close() {
          await check('close', path);
          await handle.close();
        },
      };
    },
    async mkdir(path, options) {
      await check('mkdir', path);
      await nodeBackupFs.mkdir(path, options);
    },
    async rename(from, to) {
      await check('rename', `${from} -> ${to}`);
      await nodeBackupFs.rename(from, to);
    },
    async remove(path) {
      await check('remove', path);
      await nodeBackupFs.remove(path);
    },
    async setTimes(path, mtime) {
      await check('setTimes', path);
      await nodeBackupFs.setTimes(path, mtime);
    },
    async syncDirectory(path) {
      await check('syncDirectory', path);
      await nodeBackupFs.syncDirectory(path);
    },
    async freeSpace(path) {
      await check('freeSpace', path);
      return free ?? nodeBackupFs.freeSpace(path);
    },
  };
  return { fs, calls, written: () => written, counts };
}

/**
 * Mounts a tmpfs of `size` (e.g. '2m') at `dir`; returns null when it worked, else why not (not
 * root, no mount binary, a container without the capability), for the test to skip with.
 */
export async function mountTmpfs(dir: string, size: string): Promise<string | null> {
  await mkdir(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
    return `cannot mount a tmpfs here (${detail}); the fault-seam tests in backup-faults.test.ts cover the same code`;
  }
}

export function remount(dir: string, mode: 'ro' | 'rw'): void {
  execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' });
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    // Not mounted (the mount failed, or a test unmounted it already).
  }
}
