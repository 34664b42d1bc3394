import { isUtf8 } from 'node:buffer';
import { decodeWithCharset } from '../capture/decode';
import { type CharsetDecision, decodeUtf32, sniffFeedCharset } from './parse/charset';

/**
 * A feed's bytes as text: the charset decided by XML's rules (parse/charset.ts), decoded by
 * capture's decoder (the same windows-1252 repair as pages), UTF-32 by hand.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string | null): { text: string; charset: string; decidedBy: CharsetDecision['from'] } {
  const decision = sniffFeedCharset(bytes, contentType, isUtf8);
  if (decision.charset === 'utf-32le' || decision.charset === 'utf-32be') {
    return { text: decodeUtf32(bytes, decision.charset === 'utf-32le'), charset: decision.charset, decidedBy: decision.from };
  }
  const { text, charset } = decodeWithCharset(bytes, decision.charset);
  return { text: text.replace(/^\uFEFF/, ''), charset, decidedBy: decision.from };
}
