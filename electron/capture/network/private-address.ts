import { isIP } from 'node:net';
import os from 'node:os';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses count as "inside" (this machine or a network that is not the public internet):
 * every entry of IANA's IPv4 and IPv6 Special-Purpose Address Registries that is not globally
 * reachable, multicast and the deprecated ranges, addresses carried inside IPv6 judged as the IPv4
 * address they carry, and this machine's own interface addresses (whatever range they are in).
 * ipaddr.js parses; the ranges are the registries' own, listed here so they can be read against them.
 */

/** IPv4 Special-Purpose Address Registry entries marked not globally reachable, multicast and "reserved for future use". */
const IPV4_NOT_GLOBAL = [
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8', // private use
  '100.64.0.0/10', // shared address space (CGNAT)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, cloud metadata
  '172.16.0.0/12', // private use
  '192.0.0.0/24', // IETF protocol assignments (DS-Lite, dummy, NAT64 discovery, …)
  '192.0.2.0/24', // documentation, TEST-NET-1
  '192.88.99.0/24', // deprecated 6to4 relay anycast, 6a44 relay
  '192.168.0.0/16', // private use
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation, TEST-NET-2
  '203.0.113.0/24', // documentation, TEST-NET-3
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, and the limited broadcast 255.255.255.255
];
/** Entries inside those ranges that the registry marks globally reachable (PCP and TURN anycast). */
const IPV4_GLOBAL = ['192.0.0.9/32', '192.0.0.10/32'];

/** IPv6 Special-Purpose Address Registry entries marked not globally reachable, with multicast and the deprecated ranges. */
const IPV6_NOT_GLOBAL = [
  '::/96', // unspecified, loopback, and the deprecated IPv4-compatible ::a.b.c.d
  '64:ff9b:1::/48', // local-use IPv4/IPv6 translation
  '100::/64', // discard-only
  '100:0:0:1::/64', // dummy prefix
  '2001::/23', // IETF protocol assignments (Teredo, benchmarking, ORCHID, …)
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation
  '5f00::/16', // segment routing SIDs
  'fc00::/7', // unique local
  'fe80::/10', // link-local
  'fec0::/10', // site-local (deprecated)
  'ff00::/8', // multicast
];
/** Entries inside 2001::/23 that the registry marks globally reachable (anycast, AMT, AS112, ORCHIDv2, DRIP). */
const IPV6_GLOBAL = ['2001:1::1/128', '2001:1::2/128', '2001:1::3/128', '2001:3::/32', '2001:4:112::/48', '2001:20::/28', '2001:30::/28'];

/** Ranges whose addresses carry an IPv4 address in their last 32 bits, which decides. */
const IPV6_CARRYING_IPV4 = [
  '::ffff:0:0/96', // IPv4-mapped
  '::ffff:0:0:0/96', // IPv4-translated (SIIT)
  '64:ff9b::/96', // NAT64 well-known prefix
];
/** 6to4 carries its IPv4 address in bits 16–47. */
const SIX_TO_FOUR = ipaddr.parseCIDR('2002::/16');

const v4 = (list: string[]) => list.map((cidr) => ipaddr.IPv4.parseCIDR(cidr));
const v6 = (list: string[]) => list.map((cidr) => ipaddr.IPv6.parseCIDR(cidr));
const ranges = {
  v4NotGlobal: v4(IPV4_NOT_GLOBAL),
  v4Global: v4(IPV4_GLOBAL),
  v6NotGlobal: v6(IPV6_NOT_GLOBAL),
  v6Global: v6(IPV6_GLOBAL),
  v6CarryingV4: v6(IPV6_CARRYING_IPV4),
};

/**
 * True for host names that point at this machine or a network that is not the public internet:
 * `localhost` and its subdomains, IP literals in a range that is not globally reachable (see the
 * tables above), and this machine's own interface addresses. Host names that merely resolve to
 * such addresses are not detected here; callers that resolve names check each address with this.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const address = parseAddress(host);
  if (!address) return false;
  return !isGloballyReachable(address) || isOwnAddress(address);
}

/** An IP literal as Node would connect to it (dotted IPv4, or IPv6 with an optional zone), or null for a name. */
function parseAddress(host: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const family = isIP(host);
  if (family === 4) return ipaddr.IPv4.parse(host);
  if (family !== 6) return null;
  // Through the URL serializer first: ipaddr.js reads "::a.b.c.d" as IPv4-mapped, which it is not.
  const canonical = new URL(`http://[${host.split('%')[0]}]/`).hostname.slice(1, -1);
  return ipaddr.IPv6.parse(canonical);
}

function isGloballyReachable(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (address.kind() === 'ipv4') {
    const a = address as ipaddr.IPv4;
    if (ranges.v4Global.some((range) => a.match(range))) return true;
    return !ranges.v4NotGlobal.some((range) => a.match(range));
  }
  const a = address as ipaddr.IPv6;
  const carried = carriedIPv4(a);
  if (carried) return isGloballyReachable(carried);
  if (ranges.v6Global.some((range) => a.match(range))) return true;
  return !ranges.v6NotGlobal.some((range) => a.match(range));
}

function carriedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const bytes = address.toByteArray();
  if (ranges.v6CarryingV4.some((range) => address.match(range))) return new ipaddr.IPv4(bytes.slice(12, 16));
  if (address.match(SIX_TO_FOUR as [ipaddr.IPv6, number])) return new ipaddr.IPv4(bytes.slice(2, 6));
  return null;
}

/** True when the address is one of this machine's own (asked each time: interfaces come and go). */
function isOwnAddress(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  const wanted = normalized(address);
  for (const entries of Object.values(os.networkInterfaces())) {
    for (const entry of entries ?? []) {
      const own = parseAddress(entry.address.toLowerCase());
      if (own && normalized(own) === wanted) return true;
    }
  }
  return false;
}

/** One spelling per address; an IPv4-mapped IPv6 address is the IPv4 address it maps. */
function normalized(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) return (address as ipaddr.IPv6).toIPv4Address().toString();
  return address.toNormalizedString();
}
