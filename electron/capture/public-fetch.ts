import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent, fetch as undiciFetch } from 'undici';
import { isPrivateHost } from '../../shared/private-address';
import type { FetchFn } from './fetch-page';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** The shape of `dns.lookup` with `all: true`, for injecting a resolver in tests. */
export type ResolveAll = (hostname: string, options: LookupOptions & { all: true }, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/** Which addresses a host name may connect to: public only, private only, or any. */
export type AddressRule = (hostname: string) => 'public' | 'private' | 'any';

/**
 * A `lookup` for sockets that enforces `rule` on every address a name resolves to, at the moment
 * of connecting, so a name that answers one way when first asked and another when the request is
 * made (DNS rebinding) is refused as well.
 */
export function guardedLookup(rule: AddressRule, resolve: ResolveAll = dnsLookup as unknown as ResolveAll) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const need = rule(hostname);
      const wrong = need === 'any' ? undefined : addresses.find((a) => isPrivateHost(a.address) !== (need === 'private'));
      if (wrong || addresses.length === 0) {
        const where = need === 'public' ? 'a private network address' : 'a public address, not the private network it was found on';
        const refused = Object.assign(new Error(`${hostname} leads to ${where}${wrong ? ` (${wrong.address})` : ''}`), { code: need === 'public' ? 'EPRIVATEADDRESS' : 'EPUBLICADDRESS' });
        return callback(refused, []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** Connects only to public addresses. */
export function publicOnlyLookup(resolve?: ResolveAll) {
  return guardedLookup(() => 'public', resolve);
}

const fetches = new Map<string, FetchFn>();

function guardedFetch(key: string, rule: AddressRule): FetchFn {
  let made = fetches.get(key);
  if (!made) {
    const dispatcher = new Agent({ connect: { lookup: guardedLookup(rule) } });
    made = ((input: string | URL | Request, init?: RequestInit) => undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as FetchFn;
    fetches.set(key, made);
  }
  return made;
}

/** A fetch whose connections can reach only public addresses (a page from the web, and its images). */
export function publicOnlyFetch(): FetchFn {
  return guardedFetch('public', () => 'public');
}

/**
 * For a page the reader asked for by a name on the private network (an intranet wiki): that name
 * may only connect to private addresses (so it cannot be switched to a server on the web that then
 * points Offprint at the private network); other hosts are unrestricted.
 */
export function intranetFetch(hostname: string): FetchFn {
  const pinned = hostname.toLowerCase();
  return guardedFetch(`intranet:${pinned}`, (name) => (name.toLowerCase() === pinned ? 'private' : 'any'));
}
