import { assetPath } from '../../shared/stored-images';
import type { ImageOutcome, ImageRequest } from './images';
import { sanitizeToElement, sanitizerWindow } from './sanitize';
import { elementText } from './text';


function parse(html: string): HTMLTemplateElement {
  const template = sanitizerWindow().document.createElement('template');
  template.innerHTML = html;
  return template;
}

/**
 * Points each marked image at its stored copy (or, if it could not be stored, leaves it without a
 * source so the reader shows its alt text and caption), then sanitises. Sanitising is the last
 * edit: the text is read from the sanitised result.
 */
export function finalizeArticle(contentHtml: string, articleId: string, outcomes: ImageOutcome[]): { bodyHtml: string; bodyText: string } {
  const template = parse(contentHtml);
  const byKey = new Map(outcomes.map((o) => [o.key, o]));
  for (const img of Array.from(template.content.querySelectorAll('img[data-offprint-key]'))) {
    const outcome = byKey.get(img.getAttribute('data-offprint-key')!);
    img.removeAttribute('data-offprint-key');
    img.removeAttribute('srcset');
    img.removeAttribute('sizes');
    if (outcome) img.setAttribute('data-offprint-src', outcome.url);
    if (outcome?.file) img.setAttribute('src', assetPath(articleId, outcome.file));
    else img.removeAttribute('src');
    const picture = img.parentElement?.tagName === 'PICTURE' ? img.parentElement : null;
    if (picture) picture.replaceWith(img);
  }
  // DOMPurify removes an element that names a customized built-in element (`<div is="x-block">`)
  // together with everything inside it, and some sites wrap their whole article in one. Offprint
  // never defines custom elements, so the name means nothing here: the element becomes a plain one
  // (a new element: the parser remembers the name, and serialising would write it back).
  for (const element of Array.from(template.content.querySelectorAll('[is]'))) {
    const plain = template.ownerDocument.createElementNS(element.namespaceURI, element.localName);
    for (const attribute of Array.from(element.attributes)) if (attribute.name !== 'is') plain.setAttributeNS(attribute.namespaceURI, attribute.name, attribute.value);
    plain.append(...Array.from(element.childNodes));
    element.replaceWith(plain);
  }
  const clean = sanitizeToElement(template.innerHTML);
  return { bodyHtml: clean.innerHTML, bodyText: elementText(clean) };
}

/** Marks a stored article's images that are still missing, so they can be fetched again. */
export function markMissingImages(bodyHtml: string): { contentHtml: string; images: ImageRequest[] } {
  const template = parse(bodyHtml);
  const images: ImageRequest[] = [];
  for (const img of Array.from(template.content.querySelectorAll('img[data-offprint-src]:not([src])'))) {
    const key = String(images.length);
    img.setAttribute('data-offprint-key', key);
    images.push({ key, urls: [img.getAttribute('data-offprint-src')!] });
  }
  return { contentHtml: template.innerHTML, images };
}
