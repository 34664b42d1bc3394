import { assetPath } from '../../shared/stored-images';
import { sanitizerWindow } from './sanitize';

/**
 * The images a stored article already has, by the address each came from: every `<img>` of its
 * body that points at its stored copy (`/assets/<id>/<file>`) and names its source in
 * `data-offprint-src` (finalize.ts writes both). Re-extraction (issue 16) uses them instead of the
 * network, so it runs offline. Runs in the extraction worker.
 */
export function keptImages(bodyHtml: string, articleId: string): [url: string, file: string][] {
  const template = sanitizerWindow().document.createElement('template');
  template.innerHTML = bodyHtml;
  const prefix = assetPath(articleId, '');
  const found = new Map<string, string>();
  for (const img of Array.from(template.content.querySelectorAll('img[data-offprint-src][src]'))) {
    const src = img.getAttribute('src')!;
    if (!src.startsWith(prefix)) continue;
    const file = src.slice(prefix.length);
    if (file && !file.includes('/')) found.set(img.getAttribute('data-offprint-src')!, file);
  }
  return [...found];
}
