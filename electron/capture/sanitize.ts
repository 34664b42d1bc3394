import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';
import { JSDOM } from 'jsdom';

/**
 * Elements that never belong in a saved article: anything that runs, embeds another document,
 * submits, restyles the page or loads something by itself.
 */
const FORBID_TAGS = [
  'script', 'style', 'link', 'meta', 'base', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'form', 'input', 'button', 'textarea', 'select', 'option', 'dialog', 'template', 'noscript', 'canvas',
  'svg', 'math', 'audio', 'video', 'track', 'portal', 'marquee',
];

/** Attributes that can load, restyle or run something; the reader's own stylesheet decides the look. */
const FORBID_ATTR = ['style', 'class', 'srcset', 'sizes', 'background', 'poster', 'action', 'formaction', 'ping', 'loading', 'target'];

/** Links may go to the web, to mail, or to a place in the article; images may use data: or the app's own image URLs. */
const ALLOWED_URI_REGEXP = /^(?:https?:|mailto:|#|\/assets\/)/i;

const CONFIG: Config = {
  FORBID_TAGS,
  FORBID_ATTR,
  // Where a stored image came from, so missing ones can be fetched again later. Never loaded.
  ADD_ATTR: ['data-offprint-src'],
  ALLOWED_URI_REGEXP,
  ALLOW_DATA_ATTR: false,
  SANITIZE_NAMED_PROPS: true,
  WHOLE_DOCUMENT: false,
};

let purifier: DOMPurify | null = null;
let purifierWindow: JSDOM['window'] | null = null;

/** The jsdom window the sanitiser works in; also used to edit article HTML before it is sanitised. */
export function sanitizerWindow(): JSDOM['window'] {
  getPurifier();
  return purifierWindow!;
}

function getPurifier(): DOMPurify {
  if (purifier) return purifier;
  const { window } = new JSDOM('');
  purifierWindow = window;
  const instance = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && node.hasAttribute('href')) node.setAttribute('rel', 'noopener noreferrer');
    // Only images we stored (or inline data images) may keep a source: nothing is fetched while reading.
    if (node.nodeName === 'IMG') {
      const src = node.getAttribute('src') ?? '';
      if (!/^(data:image\/|\/assets\/)/i.test(src)) node.removeAttribute('src');
    }
  });
  purifier = instance;
  return instance;
}

/** Sanitises article HTML for the reader. This is the last step before storing: nothing edits the HTML after it. */
export function sanitizeArticleHtml(html: string): string {
  return getPurifier().sanitize(html, CONFIG) as string;
}

/** Sanitises and returns the result as a detached element, for reading its text without parsing it again. */
export function sanitizeToElement(html: string): HTMLElement {
  const fragment = getPurifier().sanitize(html, { ...CONFIG, RETURN_DOM_FRAGMENT: true }) as DocumentFragment;
  const wrapper = purifierWindow!.document.createElement('div');
  wrapper.append(fragment);
  return wrapper;
}
