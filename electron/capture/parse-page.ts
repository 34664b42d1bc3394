import { JSDOM, VirtualConsole } from 'jsdom';
import { parseHTML } from 'linkedom';
import { type DefaultTreeAdapterMap, parse as parseHtml5 } from 'parse5';

type Html5Document = DefaultTreeAdapterMap['document'];
type Html5Element = DefaultTreeAdapterMap['element'];
type Html5Parent = DefaultTreeAdapterMap['parentNode'];
type Html5Text = DefaultTreeAdapterMap['textNode'];

export interface ParsedPage {
  doc: Document;
  close: () => void;
}

/**
 * Parses a page for extraction the way a browser would, into a DOM that is fast to walk.
 *
 * linkedom builds and walks the tree several times faster than jsdom, which matters for 1–3 MB news
 * pages, but its parser is not the HTML standard's: markup after `</body>` stays outside the body,
 * a heading left open swallows the blocks after it, `<template>` contents become ordinary children,
 * and Readability then picks a different block than in a browser (or crashes, climbing past the
 * document looking for `<body>`). So the page is parsed by parse5, the standard's parser that jsdom
 * uses, and its tree is copied into a linkedom document (without what nothing downstream reads: see
 * copyTree). Scripting is off, as in jsdom, so `<noscript>` holds elements. Nothing runs or loads.
 */
export function parsePage(html: string, baseUrl: string | null): ParsedPage {
  let document: Document;
  try {
    document = toLinkedom(parseHtml5(html, { scriptingEnabled: false }));
  } catch {
    // parse5 accepts any input; should it ever throw, linkedom reads the page as it is.
    document = (parseHTML(html) as unknown as { document: Document }).document;
    for (const template of Array.from(document.querySelectorAll('template'))) template.remove();
  }
  if (document.documentElement?.localName === 'html') {
    // Readability resolves links against these; linkedom has no notion of the page's address.
    const href = document.querySelector('base[href]')?.getAttribute('href');
    const base = absoluteAny(href, baseUrl) ?? baseUrl ?? 'about:blank';
    Object.defineProperty(document, 'baseURI', { value: base, configurable: true });
    Object.defineProperty(document, 'documentURI', { value: baseUrl ?? 'about:blank', configurable: true });
    return { doc: document, close: () => undefined };
  }
  return parseWithJsdom(html, baseUrl);
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** A linkedom document with the tree parse5 built (which always has <html>, <head> and <body>). */
function toLinkedom(tree: Html5Document): Document {
  const { document } = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>') as unknown as { document: Document };
  const root = tree.childNodes.find((node): node is Html5Element => node.nodeName === 'html');
  if (!root) throw new Error('parse5 gave no <html>');
  copyAttributes(root, document.documentElement);
  for (const section of root.childNodes) {
    if (section.nodeName === 'head' || section.nodeName === 'body') {
      const target = section.nodeName === 'head' ? document.head : document.body;
      copyAttributes(section as Html5Element, target);
      copyTree(section as Html5Element, target, document);
    }
  }
  return document;
}

/**
 * Copies parse5 nodes under `target`, leaving out what nothing downstream reads, so that there is
 * less to build and walk: comments, the code of scripts (a quarter of a news page's bytes; JSON-LD
 * stays, Readability reads its metadata), style sheets (removed before Readability anyway) and
 * `<template>` contents (a browser keeps them apart and never shows them; linkedom would make them
 * ordinary children, where Readability would score them).
 */
function copyTree(from: Html5Parent, target: Element, document: Document): void {
  const stack: [Html5Parent, Element][] = [[from, target]];
  while (stack.length) {
    const [source, parent] = stack.pop()!;
    for (const child of source.childNodes) {
      if (child.nodeName === '#text') {
        parent.appendChild(document.createTextNode((child as Html5Text).value));
        continue;
      }
      if (!('tagName' in child)) continue;
      const element = child.namespaceURI === HTML_NS ? document.createElement(child.tagName) : document.createElementNS(child.namespaceURI, child.tagName);
      copyAttributes(child, element);
      parent.appendChild(element);
      const name = child.tagName;
      if (name === 'template') continue;
      if ((name === 'script' || name === 'style') && !/ld\+json/i.test(element.getAttribute('type') ?? '')) continue;
      stack.push([child, element]);
    }
  }
}

function copyAttributes(from: Html5Element, to: Element): void {
  for (const attribute of from.attrs) {
    try {
      to.setAttribute(attribute.prefix ? `${attribute.prefix}:${attribute.name}` : attribute.name, attribute.value);
    } catch {
      // A name the DOM does not accept (a browser keeps it, but nothing here reads such attributes).
    }
  }
}

/** The slower parse, for the rare input linkedom cannot give a document for, and as a fallback. */
export function parseWithJsdom(html: string, baseUrl: string | null): ParsedPage {
  const dom = new JSDOM(html, {
    url: baseUrl ?? undefined,
    virtualConsole: new VirtualConsole(),
    // No scripts, no subresources: jsdom's defaults, stated so nobody changes them by accident.
    runScripts: undefined,
    resources: undefined,
  });
  return { doc: dom.window.document, close: () => dom.window.close() };
}

export function absoluteAny(href: string | null | undefined, base: string | null): string | null {
  if (!href?.trim()) return null;
  try {
    return new URL(href.trim(), base ?? undefined).href;
  } catch {
    return null;
  }
}
