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
  // An image map's areas are links that cover a figure (and `shape="#"` once slipped through as one).
  'map', 'area',
];

/**
 * Attributes that can load, restyle or run something (the reader's own stylesheet decides the look),
 * or that reach into the app around the article: focus order, keyboard shortcuts, image maps,
 * labels, popovers and commands that point at the app's own elements by id.
 */
const FORBID_ATTR = [
  'style', 'class', 'srcset', 'sizes', 'background', 'poster', 'action', 'formaction', 'ping', 'loading', 'target',
  'usemap', 'ismap', 'tabindex', 'accesskey', 'for', 'download', 'popover', 'popovertarget', 'popovertargetaction', 'command', 'commandfor',
];

/**
 * What each attribute that holds an address may hold: links go to the web, to mail, or to a place in
 * the article; images come from the app's own stored copies or data:. Every other attribute is left
 * to DOMPurify's own rule, so `dir="rtl"`, `lang`, `colspan`, `width`, `start` or `datetime` stay.
 * An address attribute not listed here is never kept.
 */
const ADDRESS_RULES: Record<string, RegExp> = {
  href: /^(?:https?:|mailto:|#)/i,
  src: /^(?:\/assets\/|data:image\/)/i,
  cite: /^https?:/i,
  // Where a stored image came from, so a missing one can be fetched again; never loaded by the reader.
  'data-offprint-src': /^https?:/i,
};
const ADDRESS_ATTRIBUTES = new Set([
  ...Object.keys(ADDRESS_RULES),
  'xlink:href', 'action', 'formaction', 'poster', 'background', 'usemap', 'longdesc', 'data', 'codebase', 'classid',
  'archive', 'profile', 'manifest', 'icon', 'srcset', 'imagesrcset', 'ping', 'itemid', 'itemtype', 'xml:base', 'lowsrc', 'dynsrc',
]);
/** As a browser reads an address: without the whitespace and control characters it ignores (DOMPurify's own set). */
// eslint-disable-next-line no-control-regex -- the control characters are what this removes
const IGNORED_IN_ADDRESSES = /[\u0000-\u0020\u00A0\u1680\u180E\u2000-\u2029\u205F\u3000]/g;

const CONFIG: Config = {
  FORBID_TAGS,
  FORBID_ATTR,
  // Where a stored image came from, so missing ones can be fetched again later. Never loaded.
  ADD_ATTR: ['data-offprint-src'],
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
  instance.addHook('uponSanitizeAttribute', (_node, data) => {
    if (!ADDRESS_ATTRIBUTES.has(data.attrName)) return;
    const rule = ADDRESS_RULES[data.attrName];
    if (!rule || !rule.test(data.attrValue.replace(IGNORED_IN_ADDRESSES, ''))) data.keepAttr = false;
  });
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && node.hasAttribute('href')) node.setAttribute('rel', 'noopener noreferrer');
  });
  purifier = instance;
  return instance;
}

/** Sanitises and returns the result as a detached element, for reading its text without parsing it again. */
export function sanitizeToElement(html: string): HTMLElement {
  const fragment = getPurifier().sanitize(html, { ...CONFIG, RETURN_DOM_FRAGMENT: true }) as DocumentFragment;
  const wrapper = purifierWindow!.document.createElement('div');
  wrapper.append(fragment);
  return wrapper;
}
