import { isUtf8 } from 'node:buffer';
import sniffHTMLEncoding from 'html-encoding-sniffer';
import type { CharsetDecision } from '../../shared/capture-report';

/** The charset parameter of a Content-Type header, if any. */
export function headerCharset(contentType: string): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1];
}

/** What the sniffer returns when neither a byte-order mark, the header nor a `<meta>` names a charset. */
const UNDECLARED = 'x-offprint-undeclared';

/**
 * Decodes an HTML page from its bytes in the standard order: byte-order mark, then the
 * Content-Type charset, then a `<meta>` prescan of the first 1024 bytes. A page that declares
 * nothing is read as UTF-8 when its bytes are valid UTF-8 (as Chrome does; legacy bytes almost never
 * are), and as windows-1252 otherwise.
 */
export function decodeHtml(bytes: Uint8Array, contentType = ''): { html: string; charset: string } {
  let charset = sniffHTMLEncoding(bytes, { transportLayerEncodingLabel: headerCharset(contentType), defaultEncoding: UNDECLARED });
  if (charset === UNDECLARED) charset = isUtf8(bytes) ? 'utf-8' : 'windows-1252';
  const { text, charset: used } = decodeWithCharset(bytes, charset);
  return { html: text, charset: used };
}

/**
 * The same decision as decodeHtml, and how it was made (for the capture report): the byte-order
 * mark, the Content-Type charset, a `<meta>` prescan, valid UTF-8, or the windows-1252 default.
 */
export function decodeHtmlExplained(bytes: Uint8Array, contentType = ''): { html: string; charset: string; decidedBy: CharsetDecision } {
  const decoded = decodeHtml(bytes, contentType);
  return { ...decoded, decidedBy: charsetDecision(bytes, contentType) };
}

function charsetDecision(bytes: Uint8Array, contentType: string): CharsetDecision {
  const [a, b, c] = bytes;
  if ((a === 0xef && b === 0xbb && c === 0xbf) || (a === 0xfe && b === 0xff) || (a === 0xff && b === 0xfe)) return 'bom';
  const label = headerCharset(contentType);
  if (label && isKnownLabel(label)) return 'header';
  if (sniffHTMLEncoding(bytes, { defaultEncoding: UNDECLARED }) !== UNDECLARED) return 'meta';
  return isUtf8(bytes) ? 'utf-8-check' : 'default';
}

function isKnownLabel(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes bytes in a charset already decided (by a label the WHATWG Encoding Standard knows; UTF-8
 * for one it does not), with the windows-1252 remap below. A byte-order mark is honoured and
 * removed. The one decoder for pages and feeds (electron/feeds decides a feed's charset by XML's rules).
 */
export function decodeWithCharset(bytes: Uint8Array, charset: string): { text: string; charset: string } {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  let text = decoder.decode(bytes);
  if (decoder.encoding === 'windows-1252') text = text.replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
  return { text, charset: decoder.encoding };
}

/**
 * What windows-1252 means by bytes 0x80-0x9F. Node 20.18.3+ and 22.13+ decode windows-1252 (and so
 * latin1, ascii and iso-8859-1, its WHATWG aliases) as ISO-8859-1, turning curly quotes, dashes and
 * the euro sign into control characters (nodejs/node#60888). Remapping is harmless where Node is
 * right: a correct decoder leaves only the five unassigned bytes in that range, which map to themselves.
 */
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
