import sniffHTMLEncoding from 'html-encoding-sniffer';

/** The charset parameter of a Content-Type header, if any. */
export function headerCharset(contentType: string): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1];
}

/**
 * Decodes an HTML page from its bytes in the standard order: byte-order mark, then the
 * Content-Type charset, then a `<meta>` prescan of the first 1024 bytes, then windows-1252.
 */
export function decodeHtml(bytes: Uint8Array, contentType = ''): { html: string; charset: string } {
  const charset = sniffHTMLEncoding(bytes, { transportLayerEncodingLabel: headerCharset(contentType) });
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return { html: decoder.decode(bytes), charset: decoder.encoding };
}
