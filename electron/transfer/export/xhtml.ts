/**
 * An article's stored (sanitised) HTML as well-formed XHTML for an EPUB: parsed with linkedom,
 * written back as XML with only the elements and attributes of XHTML 5 that a reading system
 * expects (anything else unwrapped to its text, or dropped when it is media), images pointed at the
 * book's own copies (or, for one it does not hold, its description in words), no ids and no links
 * into places that may not exist. Pure apart from the parser.
 */
import { parseHTML } from 'linkedom';

const KEEP = new Set(
  'p br hr h1 h2 h3 h4 h5 h6 a img figure figcaption ul ol li dl dt dd blockquote pre code em strong b i u s sub sup small mark span div section article aside header footer table thead tbody tfoot tr th td caption abbr cite q time del ins kbd samp var ruby rt rp bdi wbr'.split(' '),
);
const DROP = new Set('script style iframe frame frameset object embed svg math video audio source track noscript template form input button select textarea canvas map area link meta base head title'.split(' '));
const VOID = new Set(['br', 'hr', 'img', 'wbr']);
const BLOCK = new Set('p hr h1 h2 h3 h4 h5 h6 figure figcaption ul ol li dl dt dd blockquote pre div section article aside header footer table'.split(' '));
const PHRASING = new Set('a em strong b i u s sub sup small mark span code abbr cite q time del ins kbd samp var bdi p h1 h2 h3 h4 h5 h6 pre caption dt figcaption'.split(' '));
/** Elements that belong only inside one of these parents; elsewhere they are written as the second name. */
const ONLY_IN: Record<string, [string[], string]> = {
  li: [['ul', 'ol'], 'p'],
  dt: [['dl'], 'p'],
  dd: [['dl'], 'p'],
  figcaption: [['figure'], 'p'],
  caption: [['table'], 'p'],
  rt: [['ruby'], 'span'],
  rp: [['ruby'], 'span'],
};

function hasBlock(node: DomNode): boolean {
  for (let i = 0; i < node.childNodes.length; i++) {
    const child = node.childNodes[i]!;
    if (child.nodeType !== 1) continue;
    const n = child.nodeName.toLowerCase();
    if (BLOCK.has(n) || hasBlock(child)) return true;
  }
  return false;
}
const ATTRS: Record<string, string[]> = { '*': ['lang', 'dir', 'title'], a: ['href'], img: ['src', 'alt'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'], ol: ['start'] };

// eslint-disable-next-line no-control-regex -- characters XML 1.0 does not allow
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

/**
 * `image(src)` says what an `<img>` becomes: the book's path to its copy, or null (the image is
 * not in the book; its alt text is kept).
 */
export function toXhtml(html: string, image: (src: string) => string | null): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const out: string[] = [];
  const walk = (node: DomNode, inLink: boolean, parent: string) => {
    if (node.nodeType === 3) {
      out.push(escapeXml(node.textContent ?? ''));
      return;
    }
    if (node.nodeType !== 1) return;
    let name = node.nodeName.toLowerCase();
    if (DROP.has(name)) return;
    const children = (as: string) => {
      for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!, inLink || name === 'a', as);
    };
    // Phrasing elements may not hold blocks: one that does (a <span> around paragraphs) is left out, its content kept.
    if (!KEEP.has(name) || (name === 'a' && inLink) || (PHRASING.has(name) && hasBlock(node)) || (PHRASING.has(parent) && BLOCK.has(name))) {
      children(parent);
      return;
    }
    const only = ONLY_IN[name];
    if (only && !only[0].includes(parent)) name = only[1];
    const attrs: string[] = [];
    for (const attr of [...(ATTRS['*'] ?? []), ...(ATTRS[name] ?? [])]) {
      let value = node.getAttribute?.(attr);
      if (value === null || value === undefined) continue;
      if (attr === 'href' && !/^(https?:|mailto:)/i.test(value)) continue;
      if (attr === 'dir' && !['ltr', 'rtl', 'auto'].includes(value.toLowerCase())) continue;
      if ((attr === 'colspan' || attr === 'rowspan' || attr === 'start') && !/^\d{1,4}$/.test(value)) continue;
      if (attr === 'src') {
        const local = image(value);
        if (!local) {
          const alt = node.getAttribute?.('alt');
          if (alt) out.push(`<span>${escapeXml(`[${alt}]`)}</span>`);
          return;
        }
        value = local;
      }
      attrs.push(` ${attr}="${escapeXml(value)}"`);
    }
    if (name === 'img' && !attrs.some((a) => a.startsWith(' alt='))) attrs.push(' alt=""');
    if (attr(attrs, 'lang')) attrs.push(` xml:lang="${attr(attrs, 'lang')}"`);
    if (VOID.has(name)) {
      out.push(`<${name}${attrs.join('')}/>`);
      return;
    }
    out.push(`<${name}${attrs.join('')}>`);
    children(name);
    out.push(`</${name}>`);
  };
  const body = document.body as unknown as DomNode;
  for (let i = 0; i < body.childNodes.length; i++) walk(body.childNodes[i]!, false, 'body');
  return out.join('');
}

function attr(attrs: string[], name: string): string | null {
  const found = attrs.find((a) => a.startsWith(` ${name}="`));
  return found ? found.slice(name.length + 3, -1) : null;
}
