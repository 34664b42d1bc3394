import { extname } from 'node:path';

/**
 * The one table of content types for everything the app serves, in the desktop app's protocol
 * handler, in `offprint serve` and in `npm run dev` (see app-request.ts). Anything not listed is
 * `application/octet-stream`, which no browser runs or renders.
 */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
  '.ico': 'image/x-icon',
};

/**
 * The extensions capture gives the images it stores (electron/capture/images.ts names each file by
 * what its bytes are, never by what the server said): the only files `/assets/` serves.
 */
export const STORED_IMAGE_EXTENSIONS = ['jpg', 'png', 'gif', 'webp', 'avif', 'bmp', 'ico', 'svg'] as const;

/**
 * A stored image's name as the library writes it: the hex of its SHA-256 (the first 32 digits) and
 * an image extension. Anything else in an article's folder (a planted `note.html`, `run.js`) is not
 * an image the app stored.
 */
const STORED_IMAGE_NAME = new RegExp(`^[0-9a-f]{32,64}\\.(?:${STORED_IMAGE_EXTENSIONS.join('|')})$`);

export function isStoredImageName(name: string): boolean {
  return STORED_IMAGE_NAME.test(name);
}

export function mimeTypeOf(fileName: string): string {
  return MIME_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}
