/**
 * What an article folder (`articles/<id>/`) may hold: anything else in it was not written by
 * Offprint (a planted `note.html` or `run.js` beside the images, say) and is refused.
 */

/** The files at the top of an article folder. */
export const ARTICLE_FILES = ['record.json', 'body.html', 'body.txt', 'raw.html'] as const;

/** The one subfolder, holding the stored images. */
export const ARTICLE_IMAGES_DIR = 'images';

/** The extensions stored images get (from their sniffed type, see capture/images.ts). */
export const IMAGE_EXTENSIONS = ['jpg', 'png', 'gif', 'webp', 'avif', 'bmp', 'ico', 'svg'] as const;

/** A stored image is named by the SHA-256 of its bytes (the first 32 hex digits, or all 64) and its type. */
const IMAGE_NAME = new RegExp(`^[0-9a-f]{32}(?:[0-9a-f]{32})?\\.(?:${IMAGE_EXTENSIONS.join('|')})$`);

/**
 * True for a file an article folder may hold, given as a `/`-separated path relative to the
 * folder: `record.json`, `body.html`, `body.txt`, `raw.html` or `images/<sha256 hex>.<image ext>`.
 */
export function isAllowedArticleFile(relativePath: string): boolean {
  if ((ARTICLE_FILES as readonly string[]).includes(relativePath)) return true;
  const [dir, name, ...rest] = relativePath.split('/');
  return dir === ARTICLE_IMAGES_DIR && name !== undefined && rest.length === 0 && IMAGE_NAME.test(name);
}
