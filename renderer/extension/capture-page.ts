import type { SentImage } from '../../shared/extension-protocol';

/** What capturePage hands back from the page: the request's page part, and the images it could not fetch itself. */
export interface CapturedPage {
  url: string;
  title: string;
  html: string;
  selection: boolean;
  images: SentImage[];
  /** Image addresses the page's own fetch could not read (another origin without CORS): the background fetches them. */
  missing: string[];
  /** Images left out by the limits. */
  skipped: number;
}

export interface CaptureLimits {
  pageBytes: number;
  imageBytes: number;
  images: number;
  allImageBytes: number;
}

/**
 * Runs IN THE PAGE (chrome.scripting.executeScript serialises it): so it is one self-contained
 * function, referring to nothing outside itself. It reads the DOM as the reader sees it, after the
 * page's scripts ran, from a copy (the live page is never changed): each image is pointed at the
 * address the browser chose for it (currentSrc, or a lazy-loading attribute a script has not used
 * yet), scripts are dropped, and the images are fetched from the page itself, with the page's
 * cookies, so images behind a login come too.
 */
export async function capturePage(selectionOnly: boolean, limits: CaptureLimits): Promise<CapturedPage> {
  const absolute = (value: string | null | undefined): string | null => {
    if (!value) return null;
    try {
      const url = new URL(value, document.baseURI);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
      return null;
    }
  };
  const LAZY = ['data-src', 'data-lazy-src', 'data-original', 'data-url', 'data-hi-res-src'];
  /** The address an image shows (or will show once a lazy loader gets to it). */
  const chosen = (copy: Element, live: HTMLImageElement | undefined): string | null => {
    const lazy = LAZY.map((a) => copy.getAttribute(a)).find((v) => v && !v.startsWith('data:'));
    const current = live?.currentSrc && !live.currentSrc.startsWith('data:') ? live.currentSrc : null;
    const src = copy.getAttribute('src');
    return absolute(current ?? (src && !src.startsWith('data:') ? src : null) ?? lazy);
  };

  let root: Element;
  let selection = false;
  const picked = window.getSelection();
  if (selectionOnly && picked && picked.rangeCount > 0 && !picked.isCollapsed) {
    root = document.createElement('div');
    for (let i = 0; i < picked.rangeCount; i++) root.append(picked.getRangeAt(i).cloneContents());
    selection = true;
  } else {
    root = document.documentElement.cloneNode(true) as Element;
  }
  // The live images in the same order as the copy's (only for a whole page: a selection's copy has no such order).
  const liveImages = selection ? [] : [...document.querySelectorAll('img')];
  const addresses: string[] = [];
  root.querySelectorAll('img').forEach((img, i) => {
    const address = chosen(img, liveImages[i]);
    if (address) {
      img.setAttribute('src', address);
      if (!addresses.includes(address)) addresses.push(address);
    }
    // The browser already chose among them: the copy shows that one.
    img.removeAttribute('srcset');
    img.removeAttribute('sizes');
    img.removeAttribute('loading');
  });
  root.querySelectorAll('picture source, script, noscript, template').forEach((e) => e.remove());
  const html = selection ? root.innerHTML : `<!DOCTYPE html>\n${root.outerHTML}`;
  if (new TextEncoder().encode(html).byteLength > limits.pageBytes) {
    throw new Error(`This page is larger than ${Math.round(limits.pageBytes / (1024 * 1024))} MB, more than Offprint saves.`);
  }

  const toBase64 = (bytes: Uint8Array): string => {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  };
  const wanted = addresses.slice(0, limits.images);
  const images: SentImage[] = [];
  const missing: string[] = [];
  let total = 0;
  let skipped = addresses.length - wanted.length;
  for (const url of wanted) {
    try {
      const response = await fetch(url, { credentials: 'include' });
      if (!response.ok) throw new Error(String(response.status));
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.byteLength > limits.imageBytes || total + bytes.byteLength > limits.allImageBytes) {
        skipped++;
        continue;
      }
      total += bytes.byteLength;
      images.push({ url, data: toBase64(bytes) });
    } catch {
      // Another origin that sends no CORS header: the extension's background may read it.
      missing.push(url);
    }
  }
  return { url: location.href, title: document.title, html, selection, images, missing, skipped };
}
