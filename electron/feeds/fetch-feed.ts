import { type FetchFn, type FetchLimits, fetchResource } from '../capture/fetch-page';
import { type LookupFn, type NetworkPolicy, networkPolicy } from '../capture/network/network-policy';
import { type HostPool, pooledFetch } from './pool';

/** A feed document is smaller than a page; a bigger one is not a feed anyone reads. */
export const FEED_LIMITS: Partial<FetchLimits> = { maxBytes: 10 * 1024 * 1024 };

const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1';

export interface FeedNetwork {
  fetch?: FetchFn;
  lookup?: LookupFn;
  limits?: Partial<FetchLimits>;
  signal?: AbortSignal;
  pool: HostPool;
}

export type FeedResponse =
  | { kind: 'ok'; bytes: Uint8Array; contentType: string; finalUrl: string; etag: string | null; lastModified: string | null; redirects: { status: number; url: string }[] }
  | { kind: 'not-modified'; status: 304; redirects: { status: number; url: string }[] }
  | { kind: 'gone'; status: number }
  | { kind: 'retry-later'; status: number; retryAfter: string | null };

/**
 * Fetches a feed (or a page, for discovery) through capture's fetch (limits, redirects by hand,
 * private addresses refused for a feed on the web), each request under the pool's limits, with a
 * conditional GET when an ETag or Last-Modified is known. 304, 410 and 429/503 are answers, not errors.
 */
export async function fetchFeed(url: string, conditional: { etag: string | null; lastModified: string | null } | null, options: FeedNetwork, policy?: NetworkPolicy): Promise<FeedResponse> {
  const network = policy ?? (await networkPolicy(url, options));
  const headers: Record<string, string> = { accept: ACCEPT };
  if (conditional?.etag) headers['if-none-match'] = conditional.etag;
  if (conditional?.lastModified) headers['if-modified-since'] = conditional.lastModified;
  let hops = 0;
  const checkUrl = network.intranet
    ? undefined
    : async (hop: URL) => {
        if (hops++ === 0) return null;
        return (await network.refuse(hop)) ? `${new URL(url).host} redirected to a private network address, which a feed from the web may not do.` : null;
      };
  const response = await fetchResource(url, {
    fetch: pooledFetch(options.pool, network.fetch),
    limits: { ...FEED_LIMITS, ...options.limits },
    accept: 'any',
    signal: options.signal,
    checkUrl,
    headers,
    statuses: [304, 410, 429, 503],
  });
  switch (response.status) {
    case 304:
      return { kind: 'not-modified', status: 304, redirects: response.redirects };
    case 410:
      return { kind: 'gone', status: 410 };
    case 429:
    case 503:
      return { kind: 'retry-later', status: response.status, retryAfter: response.headers.get('retry-after') };
    default:
      return {
        kind: 'ok',
        bytes: response.bytes,
        contentType: response.contentType,
        finalUrl: response.finalUrl,
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
        redirects: response.redirects,
      };
  }
}

/** Where a chain of redirects leads when every hop was permanent (301, 308), else null. */
export function permanentTarget(redirects: { status: number; url: string }[]): string | null {
  if (redirects.length === 0 || !redirects.every((r) => r.status === 301 || r.status === 308)) return null;
  return redirects[redirects.length - 1]!.url;
}
