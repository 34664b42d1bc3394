import type { SaveSource } from '../shared/types';

/** The charset a page declares in its first 1024 bytes (<meta charset> or http-equiv), if any. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? null;
}

/** Turns an opened file into something to save: .txt as text, anything else as an HTML page. */
export async function sourceFromFile(file: File): Promise<SaveSource> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (/\.txt$/i.test(file.name) || file.type === 'text/plain') {
    return { kind: 'text', text: new TextDecoder().decode(bytes) };
  }
  let decoder = new TextDecoder();
  const charset = declaredCharset(bytes);
  if (charset) {
    try {
      decoder = new TextDecoder(charset);
    } catch {
      // unknown label: UTF-8
    }
  }
  return { kind: 'html', html: decoder.decode(bytes) };
}
