import { JSDOM } from 'jsdom';

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, figcaption, pre, tr, dt, dd, div, section, article, header, footer, aside, figure, table, ul, ol, dl, hr, br';

/**
 * The readable text of article HTML: one paragraph per block, blank lines between them, whitespace
 * inside a paragraph collapsed (except in `pre`).
 */
export function htmlToText(html: string): string {
  const { window } = new JSDOM(`<!DOCTYPE html><body>${html}</body>`);
  try {
    return elementText(window.document.body);
  } finally {
    window.close();
  }
}

/** The readable text of an element already in a DOM (see htmlToText). */
export function elementText(root: Element): string {
  const doc = root.ownerDocument;
  const clone = root.cloneNode(true) as Element;
  for (const block of clone.querySelectorAll(BLOCKS)) {
    block.before(doc.createTextNode('\uE001'));
    block.after(doc.createTextNode('\uE001'));
  }
  for (const pre of clone.querySelectorAll('pre')) {
    pre.textContent = (pre.textContent ?? '').replace(/\n/g, '\uE000');
  }
  const raw = clone.textContent ?? '';
  return raw
    .split('\uE001')
    .map((part) => part.replace(/\s+/g, ' ').replace(/\uE000/g, '\n').trim())
    .filter(Boolean)
    .join('\n\n');
}
