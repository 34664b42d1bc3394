/**
 * The one description of a stored image, shared by the code that stores images (capture), keeps
 * them (the library's article folders), serves them (the app's protocol, `serve`, `npm run dev`)
 * and shows them (the reader): which types are kept, how a stored file is named, and the address
 * the reader loads it from.
 */

/** The image types kept, by content type, with the extension the stored file gets (from what its bytes are, never from what a server said). */
export const STORED_IMAGE_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/bmp': 'bmp',
  'image/x-icon': 'ico',
  'image/vnd.microsoft.icon': 'ico',
  'image/svg+xml': 'svg',
};

export const STORED_IMAGE_EXTENSIONS: readonly string[] = [...new Set(Object.values(STORED_IMAGE_TYPES))];

/**
 * A stored image's name: the first 128 bits of the SHA-256 of its bytes in hex (all 256 bits are
 * accepted too) and its extension. Nothing else in an article's folder is ever served.
 */
const STORED_IMAGE_NAME = new RegExp(`^[0-9a-f]{32}(?:[0-9a-f]{32})?\\.(?:${STORED_IMAGE_EXTENSIONS.join('|')})$`);

export function isStoredImageName(name: string): boolean {
  return STORED_IMAGE_NAME.test(name);
}

/** The name an image with this SHA-256 (hex) and extension is stored under. */
export function storedImageName(sha256Hex: string, extension: string): string {
  return `${sha256Hex.slice(0, 32)}.${extension}`;
}

/**
 * The address the reader loads a stored image from, on the app's own origin (the desktop app and
 * `offprint serve` alike).
 */
export function assetPath(articleId: string, file: string): string {
  return `/assets/${articleId}/${file}`;
}
