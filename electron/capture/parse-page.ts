import { JSDOM, VirtualConsole } from 'jsdom';
import { parseHTML } from 'linkedom';
import { parse as parseHtml5, serialize as serializeHtml5 } from 'parse5';

export interface ParsedPage {
  doc: Document;
  close: () => void;
}

/**
 * Parses a page for extraction the way a browser would, into a DOM that is fast to walk.
 *
 * linkedom builds and walks the tree several times faster than jsdom, which matters for 1–3 MB news
 * pages, but its parser is not the HTML standard's: markup after `</body>` stays outside the body,
 * a `<p>` is not closed by the block that follows it, and so on, and Readability then picks a
 * different block than in a browser (or crashes, climbing past the document looking for `<body>`).
 * So the page is first parsed by parse5, the standard's parser that jsdom uses, and its normalised
 * serialisation (every element closed, in its proper place) is what linkedom reads. Scripting is
 * off, as in jsdom, so `<noscript>` holds elements. Neither parser runs scripts or loads anything.
 */
export function parsePage(html: string, baseUrl: string | null): ParsedPage {
  let normalised: string;
  try {
    normalised = serializeHtml5(parseHtml5(html, { scriptingEnabled: false }));
  } catch {
    // parse5 accepts any input; should it ever throw, linkedom reads the page as it is.
    normalised = html;
  }
  const { document } = parseHTML(normalised) as unknown as { document: Document };
  if (document.documentElement?.localName === 'html') {
    // A <template>'s content is not part of the page (a browser keeps it in a separate fragment and
    // never shows it); linkedom makes it ordinary children, where Readability would score it.
    for (const template of Array.from(document.querySelectorAll('template'))) template.remove();
    // Readability resolves links against these; linkedom has no notion of the page's address.
    const href = document.querySelector('base[href]')?.getAttribute('href');
    const base = absoluteAny(href, baseUrl) ?? baseUrl ?? 'about:blank';
    Object.defineProperty(document, 'baseURI', { value: base, configurable: true });
    Object.defineProperty(document, 'documentURI', { value: baseUrl ?? 'about:blank', configurable: true });
    return { doc: document, close: () => undefined };
  }
  return parseWithJsdom(html, baseUrl);
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
