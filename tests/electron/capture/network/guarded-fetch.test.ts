import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchResource } from '../../../../electron/capture/fetch-page';
import { guardedLookup, intranetFetch, publicOnlyFetch, publicOnlyLookup, type ResolveAll } from '../../../../electron/capture/network/guarded-fetch';
import { FIXTURES, type FixtureServer, startFixtureServer } from '../../../helpers/fixture-server';

const IMAGE = '/asiae-korea-ukraine/putin-hanoi.png';
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer(join(FIXTURES, 'pages'));
});
afterAll(() => server.close());

describe('electron/capture/network/guarded-fetch', () => {
  const answer = (addresses: string[]): ResolveAll => (_host, _options, callback) => callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  const lookupWith = (resolve: ResolveAll, all: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((done) => publicOnlyLookup(resolve)('cdn.example.com', { all }, (error, address) => done({ error, address })));

  it('connects only when every address a name resolves to is public', async () => {
    expect(await lookupWith(answer(['93.184.216.34']), false)).toEqual({ error: null, address: '93.184.216.34' });
    expect((await lookupWith(answer(['93.184.216.34', '2606:2800:220:1::1']), true)).address).toHaveLength(2);
    for (const inside of [['127.0.0.1'], ['93.184.216.34', '10.0.0.1'], ['::1'], ['fd12::1'], ['169.254.169.254'], []]) {
      const { error } = await lookupWith(answer(inside), false);
      expect(error?.code, inside.join(',')).toBe('EPRIVATEADDRESS');
    }
  });

  it('keeps an intranet name on the private network as it connects, and leaves other names alone', async () => {
    const lookupFor = (addresses: string[], host: string) =>
      new Promise<NodeJS.ErrnoException | null>((done) => guardedLookup((name) => (name === 'wiki.corp' ? 'private' : 'any'), answer(addresses))(host, { all: true }, (error) => done(error)));
    expect(await lookupFor(['10.0.0.10'], 'wiki.corp')).toBeNull();
    expect((await lookupFor(['93.184.216.34'], 'wiki.corp'))?.code).toBe('EPUBLICADDRESS');
    expect(await lookupFor(['93.184.216.34'], 'cdn.example.com')).toBeNull();
    expect(await lookupFor(['10.0.0.1'], 'printer.corp')).toBeNull();
  });

  it('refuses, as it connects, a name that leads to this machine: no request reaches it', async () => {
    const before = server.requests.length;
    // "localhost" resolves through the system's resolver to loopback; only the connect-time check stands in the way here.
    const target = `${server.url.replace('127.0.0.1', 'localhost')}${IMAGE}`;
    await expect(fetchResource(target, { fetch: publicOnlyFetch(), accept: 'any' })).rejects.toMatchObject({ code: 'refused', message: expect.stringContaining('localhost leads to a private network address') });
    expect(server.requests.slice(before)).toEqual([]);
    // The same fetch reaches a server it may: the check is what refused it.
    expect((await fetchResource(target, { accept: 'any' })).bytes.length).toBeGreaterThan(0);
  });

  it('refuses an IP literal as it connects (no lookup is made for one): no request reaches it', async () => {
    const before = server.requests.length;
    const literal = `${server.url}${IMAGE}`;
    await expect(fetchResource(literal, { fetch: publicOnlyFetch(), accept: 'any' })).rejects.toMatchObject({ code: 'refused', message: expect.stringContaining('127.0.0.1 leads to a private network address') });
    await expect(fetchResource(literal.replace('127.0.0.1', '[::ffff:7f00:1]'), { fetch: publicOnlyFetch(), accept: 'any' })).rejects.toMatchObject({ code: 'refused' });
    expect(server.requests.slice(before)).toEqual([]);
    // A page on the private network reaches it through the same kind of fetch, and only because its rule allows it.
    expect((await fetchResource(literal, { fetch: intranetFetch('127.0.0.1'), accept: 'any' })).bytes.length).toBeGreaterThan(0);
    expect(server.requests.slice(before)).toEqual([IMAGE]);
  });
});
