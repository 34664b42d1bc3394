import { parseHTML } from 'linkedom';

/**
 * What page furniture a saved copy left out, for the capture report (issue 16): the page's
 * navigation, share buttons, ads, forms, frames, scripts and the like, counted by kind, each only
 * when its text is not in the saved article. It judges the kept page against the saved text, not
 * extraction's own steps, so it stays true whatever extraction does inside. Runs in the extraction
 * worker (a second parse of the page: linkedom, no scripts, nothing loaded).
 */
const KINDS: { what: string; selector: string; textless?: boolean }[] = [
  { what: 'cookie and consent banners', selector: '[id*="cookie" i], [class*="cookie" i], [id*="consent" i], [class*="consent" i], [class*="gdpr" i]' },
  { what: 'navigation', selector: 'nav, [role="navigation"], [class*="breadcrumb" i], a[class*="skip" i]' },
  { what: 'site header and footer', selector: 'body > header, [role="banner"], footer, [role="contentinfo"]' },
  { what: 'share and follow buttons', selector: '[class*="share" i], [id*="share" i], [class*="social" i], [class*="follow-us" i], [class*="sns" i]' },
  { what: 'ads', selector: '[class~="ad"], [class^="ad-" i], [class*=" ad-" i], [class^="ad_" i], [class*=" ad_" i], [class*="advert" i], [id^="ad-" i], [id^="ad_" i], [id*="advert" i], [class*="sponsor" i]' },
  { what: 'newsletter and subscribe boxes', selector: '[class*="newsletter" i], [class*="subscribe" i], [class*="signup" i]' },
  { what: 'related and most-read lists', selector: '[class*="related" i], [class*="most-read" i], [class*="most_viewed" i], [class*="mostviewed" i], [class*="popular" i], [class*="recommend" i]' },
  { what: 'comments', selector: '[id*="comment" i], [class*="comment" i], [id*="disqus" i]' },
  { what: 'sidebars', selector: 'aside, [role="complementary"], [class*="sidebar" i]' },
  { what: 'dialogs and pop-ups', selector: 'dialog, [role="dialog"], [class*="modal" i], [class*="popup" i]' },
  { what: 'forms and buttons', selector: 'form, button, [role="button"]' },
  { what: 'frames and embeds', selector: 'iframe, frame, embed, object', textless: true },
  { what: 'tracking pixels', selector: 'img[width="1"], img[height="1"], img[width="0"], img[height="0"]', textless: true },
  { what: 'scripts', selector: 'script:not([type="application/ld+json"]), noscript', textless: true },
  { what: 'styles', selector: 'style, link[rel~="stylesheet" i]', textless: true },
];

/** How many of each kind of furniture the page had that the saved text does not contain, biggest count first. */
export function describeRemovedChrome(pageHtml: string, savedText: string): { what: string; count: number }[] {
  let doc: Document;
  try {
    doc = (parseHTML(/<html[\s>]/i.test(pageHtml) ? pageHtml : `<!doctype html><html><body>${pageHtml}</body></html>`) as unknown as { document: Document }).document;
  } catch {
    // A page linkedom cannot read has no furniture to describe; extraction reports its own failure.
    return [];
  }
  const saved = normalise(savedText);
  const counted = new Set<Element>();
  const out: { what: string; count: number }[] = [];
  for (const kind of KINDS) {
    let count = 0;
    let elements: Element[];
    try {
      elements = Array.from(doc.querySelectorAll(kind.selector));
    } catch {
      continue;
    }
    for (const element of elements) {
      if (isInside(element, counted) || element.matches('html, body, main, article')) continue;
      if (!kind.textless) {
        const text = normalise(element.textContent ?? '');
        // An element whose words are in the saved copy was kept (or holds the article): not furniture removed.
        if (!text || (text.length >= 12 && saved.includes(text.slice(0, 80)))) continue;
        if (element.querySelector('article, [itemprop="articleBody"]')) continue;
      }
      counted.add(element);
      count++;
    }
    if (count) out.push({ what: kind.what, count });
  }
  return out.sort((a, b) => b.count - a.count);
}

function isInside(element: Element, counted: Set<Element>): boolean {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) if (counted.has(parent)) return true;
  return false;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}
