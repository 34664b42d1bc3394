import { type ImageRequest, MAX_IMAGES } from './images';

export type { ImageRequest };

/** The widest image worth keeping for reading on a desktop screen. */
const MAX_USEFUL_WIDTH = 1600;
/** Types a <picture> source may offer that we can store and show. */
const SHOWABLE = /^image\/(jpeg|png|gif|webp|avif|svg\+xml)$/i;

interface Candidate {
  url: string;
  width: number | null;
  density: number | null;
}

/** Parses a srcset attribute ("a.jpg 800w, b.jpg 2x"); commas inside URLs (data:, CDNs) are respected. */
export function parseSrcset(srcset: string): Candidate[] {
  const out: Candidate[] = [];
  const re = /\s*([^\s,][^\s]*[^\s,]|[^\s,])(?:\s+([\d.]+)([wx]))?\s*(?:,|$)/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(srcset)) && match[0] !== '') {
    const [, url, value, unit] = match;
    if (!url) continue;
    out.push({ url, width: unit === 'w' ? Number(value) : null, density: unit === 'x' ? Number(value) : unit ? null : 1 });
  }
  return out;
}

/** Orders candidates best first: the widest up to a sensible width, then the 2x/1x ones, then wider ones. */
export function rankCandidates(candidates: Candidate[]): string[] {
  const score = (c: Candidate) => {
    if (c.width !== null) return c.width <= MAX_USEFUL_WIDTH ? 10_000 + c.width : 10_000 - c.width / 1000;
    if (c.density !== null) return c.density <= 2 ? 5_000 + c.density : 5_000 - c.density;
    return 0;
  };
  return [...candidates].sort((a, b) => score(b) - score(a)).map((c) => c.url);
}

function absolute(url: string, base: string): string | null {
  try {
    const resolved = new URL(url.trim(), base);
    if (resolved.protocol === 'http:' || resolved.protocol === 'https:' || resolved.protocol === 'file:') return resolved.href;
    if (resolved.protocol === 'data:' && /^data:image\//i.test(url.trim())) return url.trim();
    return null;
  } catch {
    return null;
  }
}

/**
 * Finds every image of the extracted article (src, srcset, <picture> sources; lazy-loading
 * attributes were already moved into place), marks each with `data-offprint-key`, and returns the
 * addresses to try for each, best first. Images past the limit are removed.
 */
export function collectImages(root: Element, base: string): ImageRequest[] {
  const requests: ImageRequest[] = [];
  for (const img of Array.from(root.querySelectorAll('img'))) {
    const candidates: Candidate[] = [];
    const picture = img.parentElement?.tagName === 'PICTURE' ? img.parentElement : null;
    if (picture) {
      for (const source of Array.from(picture.querySelectorAll('source'))) {
        const type = source.getAttribute('type');
        if (type && !SHOWABLE.test(type)) continue;
        candidates.push(...parseSrcset(source.getAttribute('srcset') ?? source.getAttribute('data-srcset') ?? ''));
      }
    }
    candidates.push(...parseSrcset(img.getAttribute('srcset') ?? ''));
    const ranked = rankCandidates(candidates);
    const src = img.getAttribute('src');
    if (src) ranked.push(src);
    const urls = [...new Set(ranked.map((u) => absolute(u, base)).filter((u): u is string => u !== null))];
    if (urls.length === 0 || requests.length >= MAX_IMAGES) {
      if (urls.length === 0 && !img.getAttribute('alt')) img.remove();
      else if (urls.length === 0) img.removeAttribute('src');
      else img.remove();
      continue;
    }
    const key = String(requests.length);
    img.setAttribute('data-offprint-key', key);
    requests.push({ key, urls });
  }
  return requests;
}
