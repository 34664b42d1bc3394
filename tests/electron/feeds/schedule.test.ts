import { describe, expect, it } from 'vitest';
import { permanentTarget } from '../../../electron/feeds/fetch-feed';
import { HostPool } from '../../../electron/feeds/pool';
import { firstRefreshAt, nextRefreshAt, refreshIntervalMinutes, retryAfterTime, spreadFraction } from '../../../electron/feeds/schedule';

const base = { refreshMinutes: null, quietRefreshes: 0, floorMinutes: null, consecutiveFailures: 0 };
const now = new Date('2026-06-01T12:00:00.000Z');

describe('electron/feeds/schedule', () => {
  it('hourly by default; the reader’s own interval; quiet feeds less often, at most 4×', () => {
    expect(refreshIntervalMinutes(base)).toBe(60);
    expect(refreshIntervalMinutes({ ...base, refreshMinutes: 15 })).toBe(15);
    expect(refreshIntervalMinutes({ ...base, quietRefreshes: 6 })).toBe(120);
    expect(refreshIntervalMinutes({ ...base, quietRefreshes: 100 })).toBe(240);
    // The reader's own interval is not stretched for quietness.
    expect(refreshIntervalMinutes({ ...base, refreshMinutes: 30, quietRefreshes: 100 })).toBe(30);
  });

  it('ttl / sy:updatePeriod is a floor, failures back off, and everything stays within 5 minutes to a day', () => {
    expect(refreshIntervalMinutes({ ...base, refreshMinutes: 15, floorMinutes: 180 })).toBe(180);
    expect(refreshIntervalMinutes({ ...base, floorMinutes: 10 * 24 * 60 })).toBe(24 * 60);
    expect(refreshIntervalMinutes({ ...base, consecutiveFailures: 3 })).toBe(240);
    expect(refreshIntervalMinutes({ ...base, consecutiveFailures: 30 })).toBe(24 * 60);
    expect(refreshIntervalMinutes({ ...base, refreshMinutes: 1 })).toBe(5);
  });

  it('spreads feeds over the hour, stays within ±5% of the interval, and never undercuts Retry-After', () => {
    const times = Array.from({ length: 200 }, (_, i) => nextRefreshAt({ ...base, feedId: `feed-${i}`, retryAfter: null }, now).getTime() - now.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(57 * 60_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(63 * 60_000);
    const first = Array.from({ length: 200 }, (_, i) => firstRefreshAt(`feed-${i}`, now, 60).getTime() - now.getTime());
    // Spread: every quarter of the hour gets some.
    for (let q = 0; q < 4; q++) expect(first.filter((t) => t >= q * 15 * 60_000 && t < (q + 1) * 15 * 60_000).length).toBeGreaterThan(20);
    expect(spreadFraction('a')).toBe(spreadFraction('a'));
    const retry = '2026-06-01T18:00:00.000Z';
    expect(nextRefreshAt({ ...base, feedId: 'x', retryAfter: retry }, now).toISOString()).toBe(retry);
  });

  it('reads Retry-After as seconds or an HTTP date, bounded to a day', () => {
    expect(retryAfterTime('120', now)!.toISOString()).toBe('2026-06-01T12:02:00.000Z');
    expect(retryAfterTime('Mon, 01 Jun 2026 13:00:00 GMT', now)!.toISOString()).toBe('2026-06-01T13:00:00.000Z');
    expect(retryAfterTime('99999999', now)!.toISOString()).toBe('2026-06-02T12:00:00.000Z');
    expect(retryAfterTime('soon', now)).toBeNull();
    expect(retryAfterTime(null, now)).toBeNull();
  });
});

describe('electron/feeds/pool', () => {
  it('runs at most 2 per host and 6 in all, in order', async () => {
    const pool = new HostPool(2, 6);
    const open = new Map<string, number>();
    let total = 0;
    let peakTotal = 0;
    let peakHost = 0;
    const task = (host: string) =>
      pool.run(host, async () => {
        open.set(host, (open.get(host) ?? 0) + 1);
        total++;
        peakTotal = Math.max(peakTotal, total);
        peakHost = Math.max(peakHost, open.get(host)!);
        await new Promise((r) => setTimeout(r, 5));
        open.set(host, open.get(host)! - 1);
        total--;
      });
    await Promise.all(Array.from({ length: 60 }, (_, i) => task(`host${i % 5}`)));
    expect(peakHost).toBe(2);
    expect(peakTotal).toBe(6);
    expect(pool.active).toBe(0);
  });
});

describe('electron/feeds/fetch-feed: permanentTarget', () => {
  it('is where a chain of only permanent redirects (301, 308) leads; any temporary hop makes it none', () => {
    expect(permanentTarget([])).toBeNull();
    expect(permanentTarget([{ status: 301, url: 'https://a.example/b' }, { status: 308, url: 'https://a.example/c' }])).toBe('https://a.example/c');
    expect(permanentTarget([{ status: 301, url: 'https://a.example/b' }, { status: 302, url: 'https://a.example/c' }])).toBeNull();
    expect(permanentTarget([{ status: 307, url: 'https://a.example/b' }])).toBeNull();
  });
});
