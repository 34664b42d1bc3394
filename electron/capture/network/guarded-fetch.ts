import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type Socket } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import type { FetchFn } from '../fetch-page';
import { isPrivateHost } from './private-address';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** The shape of `dns.lookup` with `all: true`, for injecting a resolver in tests. */
export type ResolveAll = (hostname: string, options: LookupOptions & { all: true }, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/** Which addresses a host name may connect to: public only, private only, or any. */
export type AddressRule = (hostname: string) => 'public' | 'private' | 'any';

/** Why `hostname` may not connect to `address` under `rule`, as the error a socket fails with; null when it may. */
function refusal(rule: AddressRule, hostname: string, address: string | null): NodeJS.ErrnoException | null {
  const need = rule(hostname);
  if (need === 'any') return null;
  if (address !== null && isPrivateHost(address) === (need === 'private')) return null;
  const where = need === 'public' ? 'a private network address' : 'a public address, not the private network it was found on';
  return Object.assign(new Error(`${hostname} leads to ${where}${address ? ` (${address})` : ''}`), { code: need === 'public' ? 'EPRIVATEADDRESS' : 'EPUBLICADDRESS' });
}

/**
 * A `lookup` for sockets that enforces `rule` on every address a name resolves to, at the moment
 * of connecting, so a name that answers one way when first asked and another when the request is
 * made (DNS rebinding) is refused as well.
 */
export function guardedLookup(rule: AddressRule, resolve: ResolveAll = dnsLookup as unknown as ResolveAll) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const wrong = addresses.length === 0 ? refusal(rule, hostname, null) : addresses.map((a) => refusal(rule, hostname, a.address)).find((e) => e !== null);
      if (wrong) return callback(wrong, []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** Connects only to public addresses. */
export function publicOnlyLookup(resolve?: ResolveAll) {
  return guardedLookup(() => 'public', resolve);
}

type Connect = ReturnType<typeof buildConnector>;

/**
 * An undici connector that holds every connection to `rule`. Node never calls `lookup` for an IP
 * literal, so a literal is judged before any socket is opened; and every socket's remote address
 * is judged once it is connected, before a request is written on it, whatever led there.
 */
export function guardedConnector(rule: AddressRule, resolve?: ResolveAll): Connect {
  const connect = buildConnector({ lookup: guardedLookup(rule, resolve) } as buildConnector.BuildOptions);
  return ((options, callback) => {
    const literal = options.hostname.replace(/^\[|\]$/g, '');
    const refused = isIP(literal) ? refusal(rule, literal, literal) : null;
    if (refused) {
      queueMicrotask(() => callback(refused, null));
      return;
    }
    connect(options, (error, socket) => {
      if (error || !socket) return callback(error, null);
      const wrong = refusal(rule, options.hostname, (socket as Socket).remoteAddress ?? null);
      if (wrong) {
        socket.destroy();
        return callback(wrong, null);
      }
      callback(null, socket);
    });
  }) as Connect;
}

const shared = new Map<string, FetchFn>();

/**
 * A fetch whose every connection is held to `rule`. With the system's resolver, one is kept per
 * `key` (so connections are pooled across saves); with an injected one, a new one is made.
 */
export function guardedFetch(key: string, rule: AddressRule, resolve?: ResolveAll): FetchFn {
  let made = resolve ? undefined : shared.get(key);
  if (!made) {
    const dispatcher = new Agent({ connect: guardedConnector(rule, resolve) });
    made = ((input: string | URL | Request, init?: RequestInit) => undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as FetchFn;
    if (!resolve) shared.set(key, made);
  }
  return made;
}

/** A fetch whose connections can reach only public addresses (a page from the web, and its images). */
export function publicOnlyFetch(resolve?: ResolveAll): FetchFn {
  return guardedFetch('public', () => 'public', resolve);
}

/**
 * For a page the reader asked for on the private network (an intranet wiki, or an address there):
 * that host may only connect to private addresses (so its name cannot be switched to a server on
 * the web that then points Offprint at the private network); other hosts are unrestricted.
 */
export function intranetFetch(hostname: string, resolve?: ResolveAll): FetchFn {
  const pinned = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return guardedFetch(`intranet:${pinned}`, (name) => (name.toLowerCase().replace(/^\[|\]$/g, '') === pinned ? 'private' : 'any'), resolve);
}
