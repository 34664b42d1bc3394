import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTICLE_FILES as FILES, isImageFileName } from './layout';

/**
 * What an article folder (`articles/<id>/`) may contain, and nothing else: its record, its body and
 * text, the page as fetched, and its images under their content-hash names. The library writes
 * only these; opening a library moves anything else aside (see folder-check.ts), and a restore can
 * refuse an archive that holds anything else, with the same rule.
 */

/** The regular files at the top of an article folder (names from layout.ts). */
export const ARTICLE_FILES: readonly string[] = [FILES.record, FILES.bodyHtml, FILES.bodyText, FILES.rawPage];
/** The folder of an article's images. */
export const IMAGES_DIR = FILES.images;

/** The one subfolder of an article folder (the name the backup archive's rules use). */
export const ARTICLE_IMAGES_DIR = IMAGES_DIR;

/** True for a name the library gives a stored image (`images/<name>`, see shared/stored-images.ts). */
export function isStoredImageName(name: string): boolean {
  return isImageFileName(name);
}

/**
 * True when `path` (relative to an article folder, `/`-separated) is a file the folder may hold.
 * Only the names are judged; that each is a regular file, not a link, is for the caller to check.
 */
export function isArticleFile(path: string): boolean {
  if (ARTICLE_FILES.includes(path)) return true;
  const [dir, name, ...rest] = path.split('/');
  return dir === IMAGES_DIR && name !== undefined && rest.length === 0 && isStoredImageName(name);
}

/** The same rule, by the name the backup archive's restore check uses. */
export const isAllowedArticleFile = isArticleFile;

/**
 * The temporary file of a durable write of one of those files (`.<name>.<pid>.<random>.tmp`, see
 * storage.ts; layout 2 wrote them beside their files): there while a write is under way, or left by a process stopped during one.
 * Not an article file, but not a stranger either.
 */
export function isTransientWrite(path: string): boolean {
  const match = /^(?:(images)\/)?\.(.+)\.\d+\.[0-9a-f]{12}\.tmp$/.exec(path);
  return match !== null && isArticleFile(match[1] ? `${match[1]}/${match[2]}` : match[2]!);
}

/**
 * Everything in the article folder `folder` that the rule does not allow, as `/`-separated paths
 * relative to it: other names, and links, folders or devices where a regular file belongs (a
 * folder is listed whole). An `images` entry that is not a real folder is listed itself.
 */
export async function unexpectedEntries(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.name === IMAGES_DIR && entry.isDirectory()) {
      for (const image of await readdir(join(folder, IMAGES_DIR), { withFileTypes: true })) {
        const path = `${IMAGES_DIR}/${image.name}`;
        if (!(image.isFile() && isArticleFile(path))) found.push(path);
      }
    } else if (!(entry.isFile() && isArticleFile(entry.name))) {
      found.push(entry.name);
    }
  }
  return found.sort();
}
