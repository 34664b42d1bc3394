import { constants } from 'node:fs';
import { lstat, open, readFile, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { articleIdSchema } from '../../shared/schemas';
import { isStoredImageName, mimeTypeOf } from './mime';

/**
 * The one function that turns a request path into a file and its headers, for the desktop app's
 * `offprint://app` protocol handler, `offprint serve` and `npm run dev` alike (no electron here, so
 * all three and the tests call the same code).
 *
 * - `/assets/<article id>/<stored image name>`: only the names the library writes for images (hex
 *   digest + image extension), read from `articles/<id>/images/` without following a symbolic link
 *   at any step, as the image type, under `default-src 'none'; sandbox` (opened by itself it is an
 *   opaque origin that runs nothing and that the app's scripts cannot reach into). Never answered
 *   as a document or frame. Anything else under `/assets/` is 404.
 * - Every other path is a file of the built renderer, under the app's CSP; as a document (a
 *   navigation) only the index is served.
 */

/** The policy of every stored image: nothing may load or run, and opened by itself it is sandboxed. */
export const STORED_IMAGE_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Fetch-metadata destinations (Sec-Fetch-Dest) that show a response as a page or a frame. */
const DOCUMENT_DESTINATIONS = new Set(['document', 'iframe', 'frame', 'embed', 'object', 'fencedframe']);
/** The only destinations a stored image is fetched for: an `<img>`, or a script's fetch(). */
const IMAGE_DESTINATIONS = new Set(['image', 'empty']);

export interface AppFiles {
  /** The built renderer (out/renderer); null in `npm run dev`, where Vite serves it. */
  rendererDir: string | null;
  /** The library's `articles/` folder. */
  articlesDir: string;
  /** The Content-Security-Policy of the app's own pages. */
  contentSecurityPolicy: string;
}

export interface AppRequest {
  /** The request's path, still %-encoded, without the query. */
  pathname: string;
  /** The request's Sec-Fetch-Dest, when the browser sent one. */
  destination?: string | null;
}

export interface AppAnswer {
  status: 200 | 404;
  headers: Record<string, string>;
  body: Buffer;
}

const NOT_FOUND: AppAnswer = Object.freeze({
  status: 404,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  body: Buffer.from('Not found'),
}) as AppAnswer;

export function notFound(): AppAnswer {
  return { ...NOT_FOUND, headers: { ...NOT_FOUND.headers } };
}

/** Answers one request for the app's files; never throws (a missing or refused file is a 404). */
export async function answerAppRequest(request: AppRequest, files: AppFiles): Promise<AppAnswer> {
  if (request.pathname === '/assets' || request.pathname.startsWith('/assets/')) return answerStoredImage(request, files.articlesDir);
  if (!files.rendererDir) return notFound();
  return answerRendererFile(request, files.rendererDir, files.contentSecurityPolicy);
}

/** A stored image of an article, or 404: see the module's comment for the rules. */
export async function answerStoredImage(request: AppRequest, articlesDir: string): Promise<AppAnswer> {
  if (request.destination && !IMAGE_DESTINATIONS.has(request.destination)) return notFound();
  const parts = request.pathname.slice('/assets/'.length).split('/').map(safeDecode);
  if (parts.length !== 2) return notFound();
  const [id, name] = parts as [string | null, string | null];
  if (id === null || name === null || !articleIdSchema.safeParse(id).success || !isStoredImageName(name)) return notFound();
  const body = await readWithoutLinks(articlesDir, [id, 'images', name]);
  if (!body) return notFound();
  return {
    status: 200,
    headers: {
      'content-type': mimeTypeOf(name),
      'content-security-policy': STORED_IMAGE_POLICY,
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
      // Named by their content: a name never changes what it holds.
      'cache-control': 'private, max-age=31536000, immutable',
    },
    body,
  };
}

async function answerRendererFile(request: AppRequest, rendererDir: string, policy: string): Promise<AppAnswer> {
  const path = request.pathname === '/' ? '/index.html' : request.pathname;
  // A navigation may only show the app's index: not a bundle file, not anything else that is there.
  if (request.destination && DOCUMENT_DESTINATIONS.has(request.destination) && path !== '/index.html') return notFound();
  const decoded = safeDecode(path);
  if (decoded === null || decoded.includes('\0')) return notFound();
  const file = normalize(join(rendererDir, decoded));
  if (!file.startsWith(rendererDir + sep)) return notFound();
  try {
    // Plain stat and readFile: in a packaged app the renderer is inside app.asar, which Electron's
    // fs reads (and which holds no links).
    if (!(await stat(file)).isFile()) return notFound();
    const headers: Record<string, string> = {
      'content-type': mimeTypeOf(file),
      'content-security-policy': policy,
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    };
    if (path.startsWith('/bundle/')) headers['cache-control'] = 'private, max-age=31536000, immutable';
    return { status: 200, headers, body: await readFile(file) };
  } catch {
    return notFound();
  }
}

/**
 * Reads `root/<parts…>` when every step below `root` is a real folder or file, never a symbolic
 * link (a link planted in the data folder could point anywhere in it, or out of it). The last step
 * is also opened with O_NOFOLLOW, so a link swapped in after the check is refused too (where the
 * system has the flag).
 */
async function readWithoutLinks(root: string, parts: string[]): Promise<Buffer | null> {
  let path = root;
  try {
    for (const [i, part] of parts.entries()) {
      path = join(path, part);
      const info = await lstat(path);
      if (info.isSymbolicLink()) return null;
      if (i < parts.length - 1 ? !info.isDirectory() : !info.isFile()) return null;
    }
    const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      if (!(await handle.stat()).isFile()) return null;
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch {
    // Missing, unreadable, or a link caught by O_NOFOLLOW (ELOOP): not found.
    return null;
  }
}

/** A %-decoded path part, or null when its escapes are malformed. */
function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
