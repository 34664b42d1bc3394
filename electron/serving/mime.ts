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

export { isStoredImageName, STORED_IMAGE_EXTENSIONS } from '../../shared/stored-images';

export function mimeTypeOf(fileName: string): string {
  return MIME_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}
