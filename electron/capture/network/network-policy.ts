import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { FetchFn } from '../fetch-page';
import { intranetFetch, publicOnlyFetch, type ResolveAll } from './guarded-fetch';
import { isPrivateHost } from './private-address';

/**
 * The network policy of one page: decided here, once, from the address the reader gave, and used
 * for the page, its redirects and every one of its images, on save and on "Retry missing images".
 *
 * - A page on the web may not lead Offprint into this machine or the private network: names are
 *   refused before any request by what they resolve to, and every connection is checked again as
 *   it is made (IP literals and DNS rebinding included).
 * - A page the reader asked for on the private network (by an address there, or by a name every
 *   address of which is there, like an intranet wiki) may use images from there; its own host is
 *   held to the private network as it connects.
 */
export interface NetworkPolicy {
  /** True for a page on this machine or the private network. */
  readonly intranet: boolean;
  /** The fetch for the page and every image: the injected one, or Offprint's guarded one. */
  readonly fetch: FetchFn;
  /** Why this page may not make Offprint request `url`, or null (each name is looked up once per policy). */
  refuse(url: URL): Promise<string | null>;
}

export interface NetworkOptions {
  /** Injected by tests and callers that fetch for themselves; the policy's refusals still apply before each request. */
  fetch?: FetchFn;
  /**
   * How host names are resolved, for the decisions and, with Offprint's own fetch, for every
   * connection. The system's resolver when not given and Offprint fetches for itself; with an
   * injected `fetch` (which does its own resolving, if any), names are looked up only when given.
   */
  lookup?: LookupFn;
}

/** The addresses a host name resolves to. */
export type LookupFn = (hostname: string) => Promise<string[]>;

export const systemLookup: LookupFn = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export const PRIVATE_ADDRESS_REASON = 'on a private network address, refused for a page from the web';

/** How names are resolved for the decisions: see NetworkOptions.lookup. */
export function lookupFor(options: NetworkOptions): LookupFn | null {
  return options.lookup ?? (options.fetch ? null : systemLookup);
}

/** Decides the policy of the page at `pageUrl` (null for a page with no address: it is treated as one from the web). */
export async function networkPolicy(pageUrl: string | null | undefined, options: NetworkOptions = {}): Promise<NetworkPolicy> {
  const lookup = lookupFor(options);
  const hostname = hostnameOf(pageUrl);
  const intranet = hostname !== null && (isPrivateHost(hostname) || (lookup !== null && (await isIntranetName(lookup, hostname))));
  const resolve = options.lookup ? asResolveAll(options.lookup) : undefined;
  const fetch = options.fetch ?? (intranet ? intranetFetch(hostname!, resolve) : publicOnlyFetch(resolve));
  const resolved = new Map<string, Promise<boolean>>();
  return {
    intranet,
    fetch,
    async refuse(url) {
      if (intranet) return null;
      if (isPrivateHost(url.hostname)) return PRIVATE_ADDRESS_REASON;
      if (!lookup) return null;
      let inside = resolved.get(url.hostname);
      if (!inside) {
        inside = resolvesInside(lookup, url.hostname);
        resolved.set(url.hostname, inside);
      }
      return (await inside) ? PRIVATE_ADDRESS_REASON : null;
    },
  };
}

function hostnameOf(pageUrl: string | null | undefined): string | null {
  if (!pageUrl) return null;
  try {
    return new URL(pageUrl).hostname || null;
  } catch {
    return null;
  }
}

/** The addresses a host name (not an IP literal) resolves to; none for a literal or a name that does not resolve. */
async function addressesOf(lookup: LookupFn, hostname: string): Promise<string[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return [];
  // A name that does not resolve is left to fail on its own when it is requested.
  return lookup(host).catch(() => [] as string[]);
}

/** True when a host name resolves to any private address. */
async function resolvesInside(lookup: LookupFn, hostname: string): Promise<boolean> {
  return (await addressesOf(lookup, hostname)).some((address) => isPrivateHost(address));
}

/**
 * True for a name on the private network, like an intranet wiki: every address it resolves to is
 * private (a name on the web that lists one private address among public ones is not).
 */
async function isIntranetName(lookup: LookupFn, hostname: string): Promise<boolean> {
  const addresses = await addressesOf(lookup, hostname);
  return addresses.length > 0 && addresses.every((address) => isPrivateHost(address));
}

/** An injected resolver in the shape a socket's `lookup` needs. */
function asResolveAll(lookup: LookupFn): ResolveAll {
  return (hostname, _options, callback) => {
    lookup(hostname).then(
      (addresses) => callback(null, addresses.map((address) => ({ address, family: isIP(address) || 4 }))),
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}
