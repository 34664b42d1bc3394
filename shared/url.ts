/** Query parameters that only track where a click came from; they never change which article it is. */
const TRACKING_PARAMS = /^(utm_[a-z0-9_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl)$/i;

/** The schemes Offprint will fetch or open. */
export const WEB_SCHEMES = new Set(['http:', 'https:']);

/** Parses `input` as an absolute http(s) address, or returns null. */
export function parseWebUrl(input: string): URL | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  return WEB_SCHEMES.has(url.protocol) && url.hostname !== '' ? url : null;
}

/**
 * Reduces an article address to what identifies the article, so the same article saved twice is
 * recognised: lower-case scheme and host, no default port, no fragment, no tracking parameters,
 * remaining query parameters sorted, no trailing slash on a non-root path.
 */
export function normalizeArticleUrl(input: string): string | null {
  const url = parseWebUrl(input);
  if (!url) return null;
  url.hash = '';
  const kept = new URLSearchParams([...url.searchParams.entries()].filter(([key]) => !TRACKING_PARAMS.test(key)));
  // By UTF-16 code units, the same in every process whatever its locale (localeCompare is not: en_US
  // and sv_SE order "ä" differently, so the app and the CLI could disagree on a duplicate).
  kept.sort();
  url.search = kept.toString();
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.slice(0, -1);
  // URL already lower-cases scheme and host and drops default ports.
  return url.toString();
}
