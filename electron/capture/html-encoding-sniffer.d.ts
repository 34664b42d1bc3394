declare module 'html-encoding-sniffer' {
  /** Returns the WHATWG name of the encoding the HTML standard's sniffing algorithm picks. */
  export default function sniffHTMLEncoding(
    bytes: Uint8Array,
    options?: { xml?: boolean; transportLayerEncodingLabel?: string; defaultEncoding?: string },
  ): string;
}
