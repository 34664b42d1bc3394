/**
 * True for host names that point at this machine or a network that is not the public internet:
 * localhost, and IPv4 and IPv6 literals that are loopback, private, link-local, shared (CGNAT),
 * unspecified, benchmarking, multicast or reserved — including IPv4 addresses carried inside IPv6
 * (mapped, compatible, NAT64, 6to4). Host names that merely resolve to such addresses are not
 * detected here; callers that resolve names check each address with this function.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = parseIPv4(host);
  if (v4) return isPrivateIPv4(v4);
  const v6 = host.includes(':') ? parseIPv6(host) : null;
  return v6 ? isPrivateIPv6(v6) : false;
}

function isPrivateIPv4([a, b, c]: number[]): boolean {
  return (
    a === 0 || // "this network", unspecified
    a === 10 ||
    a === 127 ||
    (a === 100 && b! >= 64 && b! <= 127) || // shared address space (CGNAT)
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && c === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a! >= 224 // multicast, reserved, broadcast
  );
}

/** The eight 16-bit groups of an IPv6 address; the last 32 bits may be written as dotted IPv4. */
function isPrivateIPv6(g: number[]): boolean {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const v4At = (hi: number) => [g[hi]! >> 8, g[hi]! & 0xff, g[hi + 1]! >> 8, g[hi + 1]! & 0xff];
  if (zeros(0, 5) && g[5] === 0xffff) return isPrivateIPv4(v4At(6)); // ::ffff:a.b.c.d, mapped
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return isPrivateIPv4(v4At(6)); // ::ffff:0:a.b.c.d
  if (zeros(0, 6)) return true; // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b) return g[2] !== 0 || isPrivateIPv4(v4At(6)); // NAT64, and its local-use /48
  if (g[0] === 0x2002) return isPrivateIPv4(v4At(1)); // 6to4
  const first = g[0]!;
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xffc0) === 0xfec0 || // site-local fec0::/10 (deprecated)
    (first & 0xff00) === 0xff00 || // multicast
    (first === 0x100 && zeros(1, 4)) // discard-only 100::/64
  );
}

function parseIPv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

function parseIPv6(host: string): number[] | null {
  let text = host.split('%')[0]!;
  const tail: number[] = [];
  const dotted = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    const v4 = parseIPv4(dotted[2]!);
    if (!v4) return null;
    tail.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    text = dotted[1]!.endsWith('::') ? dotted[1]! : dotted[1]!.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...head, ...rest].every((x) => /^[0-9a-f]{1,4}$/.test(x))) return null;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const middle = new Array<number>(8 - known).fill(0);
  return [...head.map((x) => parseInt(x, 16)), ...middle, ...rest.map((x) => parseInt(x, 16)), ...tail];
}
