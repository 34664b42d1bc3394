import { describe, expect, it } from 'vitest';
import { isPrivateHost } from '../../shared/private-address';

describe('shared/private-address', () => {
  it('knows loopback, private and link-local hosts', () => {
    for (const h of ['localhost', 'a.localhost', '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '[::1]', '::1', 'fd12:3456::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect(isPrivateHost(h), h).toBe(true);
    }
  });
  it('leaves public hosts alone', () => {
    for (const h of ['example.com', '8.8.8.8', '172.32.0.1', '192.169.0.1', '2001:4860:4860::8888', 'localhost.example.com']) {
      expect(isPrivateHost(h), h).toBe(false);
    }
  });
});
