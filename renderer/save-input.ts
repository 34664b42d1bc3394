import { parseWebUrl } from '../shared/url';

/** What the address field makes of its text: an address to save, or a sentence saying why not. */
export type AddressInput = { url: string } | { error: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):(?!\d)/i;

/**
 * Reads what was typed or pasted into the address field. A host name without a scheme
 * (`www.bbc.com/news/…`, `example.org`) gets `https://`; anything else that is not an http(s)
 * address is refused in the words the library would use, before anything is sent.
 */
export function readAddress(input: string): AddressInput {
  const text = input.trim();
  if (!text) return { error: 'Type or paste a web address to save.' };
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https') return { error: `Offprint only saves web pages (http or https addresses), not ${scheme}: addresses.` };
  const candidate = scheme ? text : /^(localhost|[^\s/]+\.[^\s/.]+)(:\d+)?(\/|$|\?|#)/i.test(text) && !/\s/.test(text) ? `https://${text}` : null;
  const url = candidate ? parseWebUrl(candidate) : null;
  if (!url) return { error: `“${text.length > 60 ? `${text.slice(0, 60)}…` : text}” is not a web address. Addresses look like https://example.com/story.` };
  return { url: url.href };
}

/** The most text a save takes (shared/schemas.ts), and what `offprint serve` accepts in one request (with room for the JSON around it). */
export const MAX_TEXT_CHARS = 15 * 1024 * 1024;
export const MAX_TEXT_BYTES = 19 * 1024 * 1024;

const millions = (n: number) => `${(n / 1_000_000).toFixed(1)} million`;

/** Why pasted text cannot be saved as it is (too long), in plain words; null when it can. */
export function pastedTextProblem(text: string): string | null {
  if (text.length > MAX_TEXT_CHARS) return `That text is too long to save: ${millions(text.length)} characters, and an article can have at most ${millions(MAX_TEXT_CHARS)}. Shorten it, then save.`;
  // Checked only when it could matter: encoding costs as much as the text is long.
  if (text.length * 3 > MAX_TEXT_BYTES) {
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > MAX_TEXT_BYTES) return `That text is too long to save: ${(bytes / (1024 * 1024)).toFixed(1)} MB, and an article can have at most ${MAX_TEXT_BYTES / (1024 * 1024)} MB. Shorten it, then save.`;
  }
  return null;
}
