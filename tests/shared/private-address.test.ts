import { describe, expect, it } from 'vitest';
import { isPrivateHost } from '../../shared/private-address';

/** The host name as a URL gives it, which is how callers see an address. */
const hostOf = (url: string) => new URL(url).hostname;

describe('shared/private-address', () => {
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
});
