import os from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { isPrivateHost } from '../../../../electron/capture/network/private-address';

/** The host name as a URL gives it, which is how callers see an address. */
const hostOf = (url: string) => new URL(url).hostname;

describe('electron/capture/network/private-address', () => {
  it('knows loopback, private and link-local hosts', () => {
    for (const h of ['localhost', 'a.localhost', 'localhost.', '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '[::1]', '::1', 'fd12:3456::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect(isPrivateHost(h), h).toBe(true);
    }
  });

  it('knows the less common ranges, and IPv4 addresses carried inside IPv6', () => {
    for (const h of [
      '198.18.0.1', // benchmarking
      '192.0.0.8', // IETF protocol assignments
      '224.0.0.1', // multicast
      '255.255.255.255', // broadcast
      '::', // unspecified
      '::127.0.0.1', // IPv4-compatible
      '::ffff:0:10.0.0.1', // SIIT
      '64:ff9b::7f00:1', // NAT64 of 127.0.0.1
      '64:ff9b:1::1', // local-use NAT64
      '2002:c0a8:0101::1', // 6to4 of 192.168.1.1
      'fec0::1', // site-local
      'ff02::1', // multicast
      'fe80::1%eth0',
    ]) {
      expect(isPrivateHost(h), h).toBe(true);
    }
  });

  it('sees through the forms a URL parser normalises', () => {
    for (const url of ['http://0x7f.1/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://[::ffff:127.0.0.1]/', 'http://[0:0:0:0:0:ffff:a00:1]/', 'http://127.1/', 'http://[::ffff:169.254.169.254]/']) {
      expect(isPrivateHost(hostOf(url)), `${url} → ${hostOf(url)}`).toBe(true);
    }
  });

  it('leaves public hosts alone', () => {
    for (const h of ['example.com', '8.8.8.8', '172.32.0.1', '192.169.0.1', '198.20.0.1', '2001:4860:4860::8888', '64:ff9b::808:808', '2002:0808:0808::1', '::ffff:8.8.8.8', 'localhost.example.com', '1.2.3.256', 'fe:80::', 'not:an:address']) {
      expect(isPrivateHost(h), h).toBe(false);
    }
  });

  it('knows every range IANA marks not globally reachable, documentation ranges included', () => {
    for (const h of [
      '192.0.2.1', // TEST-NET-1 (this machine's own interface is 192.0.2.2)
      '198.51.100.7', // TEST-NET-2
      '203.0.113.200', // TEST-NET-3
      '192.88.99.2', // 6a44 relay
      '192.0.0.170', // NAT64 discovery
      '240.1.2.3', // reserved
      '2001:db8::1', // documentation
      '3fff::1', // documentation (RFC 9637)
      '2001::1', // Teredo, in 2001::/23
      '2001:2::1', // benchmarking
      '2001:10::1', // deprecated ORCHID
      '2001:1ff::1', // the end of 2001::/23
      '100:0:0:1::1', // dummy prefix
      '5f00::1', // segment routing
      '::ffff:192.0.2.9', // a documentation address, mapped
      '64:ff9b::c633:6401', // NAT64 of 198.51.100.1
      '2002:cb00:7101::1', // 6to4 of 203.0.113.1
      '::8.8.8.8', // IPv4-compatible, deprecated: never public
    ]) {
      expect(isPrivateHost(h), h).toBe(true);
    }
  });

  it('leaves alone what the registries mark globally reachable inside those ranges', () => {
    for (const h of ['192.0.0.9', '192.0.0.10', '2001:1::1', '2001:3::1', '2001:4:112::1', '2001:20::1', '2001:200::1', '2620:4f:8000::1', '192.31.196.1', '192.175.48.1']) {
      expect(isPrivateHost(h), h).toBe(false);
    }
  });

  it("knows this machine's own interface addresses, whatever range they are in", () => {
    const own = Object.values(os.networkInterfaces()).flatMap((entries) => (entries ?? []).map((e) => e.address));
    expect(own.length).toBeGreaterThan(0);
    for (const address of own) expect(isPrivateHost(address), address).toBe(true);
    // A public address on one of its interfaces counts too, and only while it is there.
    const spy = vi.spyOn(os, 'networkInterfaces').mockReturnValue({
      eth1: [{ address: '93.184.216.34', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:02', internal: false, cidr: '93.184.216.34/24' }],
      eth2: [{ address: '2606:2800:220:1::7', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:03', internal: false, cidr: '2606:2800:220:1::7/64', scopeid: 0 }],
    });
    try {
      expect(isPrivateHost('93.184.216.34')).toBe(true);
      expect(isPrivateHost('::ffff:93.184.216.34')).toBe(true);
      expect(isPrivateHost('[2606:2800:220:1:0::7]')).toBe(true);
      expect(isPrivateHost('93.184.216.35')).toBe(false);
    } finally {
      spy.mockRestore();
    }
    expect(isPrivateHost('93.184.216.34')).toBe(false);
  });
});
