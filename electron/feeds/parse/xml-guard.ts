import { OffprintError } from '../../../shared/errors';

/**
 * What a feed's XML goes through before any parser sees it. No parser gets a document type
 * declaration: external entities and DTDs are never fetched (their references read as nothing),
 * internal entities are expanded here within a small budget, and a document whose entities would
 * expand past it (the "billion laughs") is refused at once, before anything is expanded. Leading
 * whitespace and a stray byte-order mark before `<?xml` (which strict parsers reject) are dropped.
 */

/** Longest text all entity references of one document may expand to, in characters. */
export const MAX_ENTITY_EXPANSION = 1_000_000;
/** Deepest nesting of entities inside entities. */
const MAX_ENTITY_DEPTH = 8;
/** XML's own five, which need no declaration (and must not be redeclared to mean something else). */
const PREDEFINED = new Set(['lt', 'gt', 'amp', 'apos', 'quot']);

export function guardXml(text: string, label: string): string {
  let xml = text.replace(/^[\uFEFF\s]+/, '');
  const doctype = findDoctype(xml);
  if (!doctype) return xml;
  const entities = internalEntities(doctype.internalSubset, label);
  xml = xml.slice(0, doctype.start) + xml.slice(doctype.end);
  if (entities.size === 0) return xml;
  return expandEntities(xml, entities, label);
}

interface Doctype {
  start: number;
  end: number;
  internalSubset: string;
}

/** The `<!DOCTYPE …>` before the root element, with its internal subset (quotes and comments respected). */
function findDoctype(xml: string): Doctype | null {
  const start = doctypeStart(xml);
  if (start < 0) return null;
  let i = start + 9;
  let subsetStart = -1;
  let subsetEnd = -1;
  let quote: string | null = null;
  for (; i < xml.length; i++) {
    const c = xml[i]!;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '<' && xml.startsWith('<!--', i)) {
      const close = xml.indexOf('-->', i + 4);
      i = close < 0 ? xml.length : close + 2;
    } else if (c === '[' && subsetStart < 0) subsetStart = i + 1;
    else if (c === ']' && subsetStart >= 0 && subsetEnd < 0) subsetEnd = i;
    else if (c === '>' && (subsetStart < 0 || subsetEnd >= 0)) break;
  }
  return { start, end: Math.min(i + 1, xml.length), internalSubset: subsetStart >= 0 ? xml.slice(subsetStart, subsetEnd < 0 ? i : subsetEnd) : '' };
}

/** Where a `<!DOCTYPE` stands in the prolog (among whitespace, processing instructions and comments), or -1: only the prolog is read. */
function doctypeStart(xml: string): number {
  let i = 0;
  for (;;) {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) return -1;
      i = end + 2;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) return -1;
      i = end + 3;
    } else return xml.slice(i, i + 9).toUpperCase() === '<!DOCTYPE' ? i : -1;
  }
}

/** Internal general entities (`<!ENTITY name "value">`); external ones (SYSTEM/PUBLIC) and parameter entities are left out. */
function internalEntities(subset: string, label: string): Map<string, string> {
  const entities = new Map<string, string>();
  const re = /<!ENTITY\s+(%\s+)?([A-Za-z_:][\w.:-]*)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b[^>]*)\s*>/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(subset))) {
    const [, parameter, name, double, single, external] = match;
    if (parameter || PREDEFINED.has(name!)) continue;
    // An external entity is never fetched: its references read as nothing.
    entities.set(name!, external ? '' : (double ?? single ?? ''));
  }
  if (entities.size > 10_000) throw tooMany(label);
  return entities;
}

/** Expands references to declared entities, after checking that the whole expansion fits the budget. */
function expandEntities(xml: string, entities: Map<string, string>, label: string): string {
  const sizes = new Map<string, number>();
  const sizeOf = (name: string, depth: number): number => {
    const known = sizes.get(name);
    if (known !== undefined) return known;
    if (depth > MAX_ENTITY_DEPTH) throw tooMany(label);
    sizes.set(name, Infinity); // a reference to itself, directly or not, never ends
    const value = entities.get(name)!;
    let size = value.length;
    for (const ref of references(value)) if (entities.has(ref)) size += sizeOf(ref, depth + 1) - ref.length - 2;
    if (size > MAX_ENTITY_EXPANSION) throw tooMany(label);
    sizes.set(name, size);
    return size;
  };
  let total = xml.length;
  for (const ref of references(xml)) {
    if (!entities.has(ref)) continue;
    total += sizeOf(ref, 0);
    if (total > MAX_ENTITY_EXPANSION + xml.length) throw tooMany(label);
  }
  const expand = (value: string, depth: number): string =>
    value.replace(/&([A-Za-z_:][\w.:-]*);/g, (whole, name: string) => (entities.has(name) ? expand(entities.get(name)!, depth + 1) : whole));
  return expand(xml, 0);
}

function* references(text: string): Generator<string> {
  const re = /&([A-Za-z_:][\w.:-]*);/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text))) yield match[1]!;
}

function tooMany(label: string): OffprintError {
  return new OffprintError(
    'refused',
    `The feed ${label} declares entities that would expand to more than ${MAX_ENTITY_EXPANSION.toLocaleString('en')} characters (a "billion laughs"), so Offprint did not read it.`,
  );
}

/**
 * A truncated document, made whole: cut after its last complete item or entry (or, with none, its
 * last complete tag) and every element still open closed. Lenient parsers read what a server that
 * stopped half-way did send; null when there is nothing to keep.
 */
export function closeTruncated(xml: string): string | null {
  const lastItem = Math.max(lastIndexOfTag(xml, '</item>'), lastIndexOfTag(xml, '</entry>'));
  let cut: number;
  if (lastItem >= 0) cut = xml.indexOf('>', lastItem) + 1;
  else {
    cut = lastSafeCut(xml);
    if (cut <= 0) return null;
  }
  const kept = xml.slice(0, cut);
  const open = openElements(kept);
  if (open === null || open.length === 0) return null;
  return kept + open.reverse().map((name) => `</${name}>`).join('');
}

function lastIndexOfTag(xml: string, tag: string): number {
  const lower = xml.toLowerCase();
  return lower.lastIndexOf(tag);
}

/** The end of the last complete tag outside comments and CDATA sections. */
function lastSafeCut(xml: string): number {
  let cut = -1;
  scanTags(xml, (_name, _kind, end) => (cut = end));
  return cut;
}

/** Names of the elements open at the end of `xml`, outermost first; null when the tags do not nest. */
function openElements(xml: string): string[] | null {
  const stack: string[] = [];
  let nested = true;
  scanTags(xml, (name, kind) => {
    if (kind === 'open') stack.push(name);
    else if (kind === 'close') {
      if (stack[stack.length - 1] === name) stack.pop();
      else nested = false;
    }
  });
  return nested ? stack : null;
}

function scanTags(xml: string, onTag: (name: string, kind: 'open' | 'close' | 'empty', end: number) => void): void {
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) return;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) return;
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) return;
      i = end + 3;
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) return;
    const tag = xml.slice(lt + 1, gt);
    const match = /^(\/?)([A-Za-z_][\w:.-]*)/.exec(tag);
    if (match && !tag.startsWith('?') && !tag.startsWith('!')) {
      onTag(match[2]!, match[1] ? 'close' : tag.endsWith('/') ? 'empty' : 'open', gt + 1);
    }
    i = gt + 1;
  }
}
