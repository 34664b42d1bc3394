import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent, fetch as undiciFetch } from 'undici';
import { isPrivateHost } from '../../shared/private-address';
import type { FetchFn } from './fetch-page';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** The shape of `dns.lookup` with `all: true`, for injecting a resolver in tests. */
export type ResolveAll = (hostname: string, options: LookupOptions & { all: true }, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * A `lookup` for sockets that connects only to public addresses: every address a name resolves to
 * is checked at the moment of connecting, so a name that answers with a public address when first
 * asked and a private one when the request is made (DNS rebinding) is refused as well.
 */
export function publicOnlyLookup(resolve: ResolveAll = dnsLookup as unknown as ResolveAll) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const inside = addresses.find((a) => isPrivateHost(a.address));
      if (inside || addresses.length === 0) {
        const refused = Object.assign(new Error(`${hostname} leads to a private network address${inside ? ` (${inside.address})` : ''}`), { code: 'EPRIVATEADDRESS' });
        return callback(refused, []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

let shared: FetchFn | null = null;

/** A fetch whose connections can reach only public addresses (for the images of a page from the web). */
export function publicOnlyFetch(): FetchFn {
  if (!shared) {
    const dispatcher = new Agent({ connect: { lookup: publicOnlyLookup() } });
    shared = ((input: string | URL | Request, init?: RequestInit) =>
      undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as FetchFn;
  }
  return shared;
}
