import { createHash } from 'node:crypto';
import { STORED_IMAGE_TYPES, storedImageName } from '../../shared/stored-images';
import { constants } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileTypeFromBuffer } from 'file-type';
import { OffprintError } from '../../shared/errors';
import { type FetchFn, type FetchLimits, fetchResource } from './fetch-page';
import { type LookupFn, type NetworkPolicy, networkPolicy } from './network/network-policy';

/** One image of the article: the addresses to try, best first. */
export interface ImageRequest {
  key: string;
  urls: string[];
}

export interface ImageOutcome {
  key: string;
  /** The address that was stored, or the first one tried when none could be. */
  url: string;
  /** The stored file's name in the article's images/ folder, or null when it failed. */
  file: string | null;
  reason: string | null;
}

export interface DownloadedImages {
  /** File name → bytes; identical bytes are stored once. */
  files: Map<string, Uint8Array>;
  outcomes: ImageOutcome[];
}

export interface ImageOptions {
  fetch?: FetchFn;
  limits?: Partial<FetchLimits>;
  /** Downloads under way at once, and at once per host. */
  concurrency?: number;
  perHost?: number;
  /** A "Save Page As" page's `<name>_files/` folder: file: images inside it are read from disk, nothing outside it. */
  localDir?: string | null;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** The page's network policy (see network-policy.ts); decided from `pageUrl`, `fetch` and `lookup` when not given. */
  network?: NetworkPolicy;
  /** The address of the page the images come from, when `network` is not given. */
  pageUrl?: string | null;
  /** How host names are resolved, when `network` is not given (see NetworkOptions). */
  lookup?: LookupFn;
}

export const IMAGE_LIMITS: FetchLimits = { deadlineMs: 20_000, idleMs: 10_000, maxBytes: 10 * 1024 * 1024, maxRedirects: 10 };
/** At most this many images are kept per article. */
export const MAX_IMAGES = 200;


/**
 * What the bytes really are, whatever the server said: only real images pass. SVG is recognised
 * by its root element (it is only ever shown as an image, never as a document).
 */
export async function sniffImage(bytes: Uint8Array): Promise<{ mime: string; ext: string } | null> {
  const type = await fileTypeFromBuffer(bytes);
  if (type && STORED_IMAGE_TYPES[type.mime]) return { mime: type.mime, ext: STORED_IMAGE_TYPES[type.mime]! };
  if (!type) {
    const head = new TextDecoder().decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart();
    if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return { mime: 'image/svg+xml', ext: 'svg' };
  }
  return null;
}

/** Bytes of a data: URL, or null if it is not one we can read. */
export function decodeDataUrl(url: string): Uint8Array | null {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/is.exec(url);
  if (!match) return null;
  try {
    return match[2] ? new Uint8Array(Buffer.from(match[3]!, 'base64')) : new Uint8Array(Buffer.from(decodeURIComponent(match[3]!), 'latin1'));
  } catch {
    return null;
  }
}

/**
 * Downloads the article's images a few at a time and politely per host, keeping only real images
 * (sniffed from their bytes) under the size limit, each stored once by content hash. A host that
 * cannot be reached at all is not asked again for the rest of this article.
 */
export async function downloadImages(requests: ImageRequest[], options: ImageOptions = {}): Promise<DownloadedImages> {
  const files = new Map<string, Uint8Array>();
  const byUrl = new Map<string, Promise<{ file: string } | { reason: string }>>();
  const deadHosts = new Map<string, string>();
  const active = new Map<string, number>();
  const perHost = options.perHost ?? 2;
  const concurrency = options.concurrency ?? 4;
  const limits = { ...IMAGE_LIMITS, ...options.limits };
  const outcomes: ImageOutcome[] = new Array(requests.length);
  // Decided once for the page: which addresses its images may use, and the fetch that holds them to it.
  const network = options.network ?? (await networkPolicy(options.pageUrl, options));
  let done = 0;
  options.onProgress?.(0, requests.length);

  const waiters: (() => void)[] = [];
  const acquire = async (host: string) => {
    while ((active.get(host) ?? 0) >= perHost) await new Promise<void>((ok) => waiters.push(ok));
    active.set(host, (active.get(host) ?? 0) + 1);
  };
  const release = (host: string) => {
    active.set(host, (active.get(host) ?? 1) - 1);
    waiters.splice(0).forEach((wake) => wake());
  };

  async function store(bytes: Uint8Array): Promise<{ file: string } | { reason: string }> {
    const kind = await sniffImage(bytes);
    if (!kind) return { reason: 'not an image' };
    const file = storedImageName(createHash('sha256').update(bytes).digest('hex'), kind.ext);
    files.set(file, bytes);
    return { file };
  }

  async function loadOne(url: string): Promise<{ file: string } | { reason: string }> {
    if (url.startsWith('data:')) {
      const bytes = decodeDataUrl(url);
      if (!bytes) return { reason: 'unreadable data: URL' };
      if (bytes.byteLength > limits.maxBytes) return { reason: 'too large' };
      return store(bytes);
    }
    if (url.startsWith('file:')) return loadLocal(url);
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      return { reason: 'not a web address' };
    }
    const dead = deadHosts.get(host);
    if (dead) return { reason: dead };
    const refusal = await network.refuse(new URL(url));
    if (refusal) return { reason: refusal };
    await acquire(host);
    try {
      // Redirects are checked too: a public address may redirect to a private one.
      const res = await fetchResource(url, { fetch: network.fetch, limits, accept: 'any', signal: options.signal, checkUrl: (hop) => network.refuse(hop) });
      return await store(res.bytes);
    } catch (error) {
      const e = error as OffprintError;
      if (e.code === 'network') deadHosts.set(host, e.message);
      return { reason: e instanceof OffprintError ? e.message : String(error) };
    } finally {
      release(host);
    }
  }

  async function loadLocal(url: string): Promise<{ file: string } | { reason: string }> {
    if (!options.localDir) return { reason: 'a local file, not available' };
    const result = await readSavedPageFile(options.localDir, fileURLToPath(url), limits.maxBytes);
    return 'bytes' in result ? store(result.bytes) : result;
  }

  const load = (url: string) => {
    let pending = byUrl.get(url);
    if (!pending) {
      pending = loadOne(url);
      byUrl.set(url, pending);
    }
    return pending;
  };

  let next = 0;
  async function worker() {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index]!;
      let outcome: ImageOutcome = { key: request.key, url: request.urls[0] ?? '', file: null, reason: 'no address' };
      for (const url of request.urls) {
        const result = await load(url);
        if ('file' in result) {
          outcome = { key: request.key, url, file: result.file, reason: null };
          break;
        }
        if (outcome.reason === 'no address' || outcome.url === url) outcome = { key: request.key, url: request.urls[0]!, file: null, reason: result.reason };
      }
      outcomes[index] = outcome;
      options.onProgress?.(++done, requests.length);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  return { files, outcomes };
}

/**
 * Reads one image of a "Save Page As" page from its `<name>_files/` folder: a regular file inside
 * it, reached without symbolic links and not hard-linked (a hard link can make any file of the
 * same disk look like it is inside the folder). Opened once, and the open file is what is checked
 * and read, so the file cannot be swapped in between.
 */
async function readSavedPageFile(filesDir: string, path: string, maxBytes: number): Promise<{ bytes: Uint8Array } | { reason: string }> {
  let root: string;
  try {
    root = await realpath(filesDir);
  } catch {
    return { reason: 'missing from the saved page’s folder' };
  }
  const inside = relative(resolve(filesDir), resolve(path));
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) return { reason: 'outside the saved page’s _files folder' };
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    return { reason: (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'a link, not a file of the saved page' : 'missing from the saved page’s folder' };
  }
  try {
    // Any link on the way (a linked folder inside _files) shows as a different real path.
    if ((await realpath(path)) !== join(root, inside)) return { reason: 'a link, not a file of the saved page' };
    const info = await handle.stat();
    if (!info.isFile()) return { reason: 'not a file' };
    if (info.nlink > 1) return { reason: 'a hard link, not a file of the saved page' };
    if (info.size > maxBytes) return { reason: 'too large' };
    const bytes = await handle.readFile();
    if (bytes.byteLength > maxBytes) return { reason: 'too large' };
    return { bytes: new Uint8Array(bytes) };
  } catch {
    return { reason: 'missing from the saved page’s folder' };
  } finally {
    await handle.close();
  }
}
