/**
 * Which character set a feed's bytes are in, decided in the order XML on the web uses: a byte-order
 * mark, then the HTTP `charset`, then the XML declaration's `encoding`, then UTF-8 (or windows-1252
 * for bytes that are not valid UTF-8, as a browser would read them). A declaration that cannot be
 * true is not believed: a UTF-16 or UTF-32 label on bytes that spell `<?xml` in ASCII, a UTF-8
 * label on bytes that are not UTF-8, and a Latin-1 label on bytes that are valid, non-ASCII UTF-8
 * (the commonest lie on the web: a template's default prolog on a UTF-8 database).
 *
 * Pure: bytes in, a WHATWG encoding label out (decoding is capture's decodeWithCharset).
 */

export interface CharsetDecision {
  /** A WHATWG encoding label, or `utf-32le`/`utf-32be` (which TextDecoder lacks; see decodeUtf32). */
  charset: string;
  /** What decided it. */
  from: 'bom' | 'http' | 'prolog' | 'bytes' | 'default';
}

const LATIN1_FAMILY = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'us-ascii', 'ascii', 'windows-1252', 'cp1252', 'iso-8859-15', 'latin-9']);
const WIDE = /^(utf-?16|utf-?32|ucs-?2|ucs-?4|unicode)/i;

/** The charset parameter of a Content-Type header, if any. */
export function contentTypeCharset(contentType: string | null | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * `isUtf8` checks bytes without decoding them (decode.ts passes Node's own, which allocates
 * nothing; a fatal TextDecoder is the fallback).
 */
export function sniffFeedCharset(bytes: Uint8Array, contentType?: string | null, isUtf8: (bytes: Uint8Array) => boolean = isValidUtf8): CharsetDecision {
  const bom = fromBom(bytes);
  if (bom) return { charset: bom, from: 'bom' };
  const wide = wideWithoutBom(bytes);
  if (wide) return { charset: wide, from: 'bytes' };
  // From here on the bytes are ASCII-compatible: a label for a two- or four-byte encoding is wrong.
  const valid = isUtf8(bytes);
  const believable = (label: string | null): string | null => {
    if (!label || WIDE.test(label)) return null;
    const lower = label.toLowerCase();
    if ((lower === 'utf-8' || lower === 'utf8') && !valid) return null;
    if (LATIN1_FAMILY.has(lower) && valid && hasNonAscii(bytes)) return 'utf-8';
    return lower;
  };
  const http = believable(contentTypeCharset(contentType));
  if (http) return { charset: http, from: 'http' };
  const prolog = believable(prologEncoding(bytes));
  if (prolog) return { charset: prolog, from: 'prolog' };
  return valid ? { charset: 'utf-8', from: 'default' } : { charset: 'windows-1252', from: 'bytes' };
}

function fromBom(b: Uint8Array): string | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff) return 'utf-32be';
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00) return 'utf-32le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  return null;
}

/** `<` or `<?` in UTF-16 or UTF-32 without a byte-order mark (XML 1.0 Appendix F). */
function wideWithoutBom(b: Uint8Array): string | null {
  if (b.length < 4) return null;
  const [a, c, d, e] = [b[0], b[1], b[2], b[3]];
  if (a === 0 && c === 0 && d === 0 && e === 0x3c) return 'utf-32be';
  if (a === 0x3c && c === 0 && d === 0 && e === 0) return 'utf-32le';
  if (a === 0 && c === 0x3c && d === 0 && e === 0x3f) return 'utf-16be';
  if (a === 0x3c && c === 0 && d === 0x3f && e === 0) return 'utf-16le';
  // Leading whitespace before `<` in UTF-16.
  if (a === 0 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) && d === 0) return 'utf-16be';
  if ((a === 0x20 || a === 0x0a || a === 0x0d || a === 0x09) && c === 0 && e === 0) return 'utf-16le';
  return null;
}

/** The `encoding` of an XML declaration at the start (after whitespace), read as ASCII. */
function prologEncoding(bytes: Uint8Array): string | null {
  const head = String.fromCharCode(...bytes.subarray(0, 512));
  const match = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match ? match[1]! : null;
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte >= 0x80) return true;
  return false;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** UTF-32, which the WHATWG Encoding Standard (and so TextDecoder) leaves out. */
export function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = 0;
  if (view.byteLength >= 4 && view.getUint32(0, littleEndian) === 0xfeff) start = 4;
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = start; i + 3 < view.byteLength; i += 4) {
    const code = view.getUint32(i, littleEndian);
    chunk.push(code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? code : 0xfffd);
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}
