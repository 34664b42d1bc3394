import { describe, expect, it } from 'vitest';
import { remoteSource, type SearchSource, type SourceCall, type SourcePage, serveSource } from '../../../electron/search/search-source';

function fakeSource(count: number, bodyLength: number, closed: { count: number }): SearchSource {
  return {
    async ids() {
      return Array.from({ length: count }, (_, i) => `a${i}`);
    },
    async *articles(ids) {
      try {
        for (const id of ids) yield { record: { id, title: id, siteName: null, byline: null }, bodyText: 'x'.repeat(bodyLength) };
      } finally {
        closed.count++;
      }
    },
  };
}

describe('electron/search/search-source', () => {
  it('carries every article across in bounded pages, pulled one at a time', async () => {
    const closed = { count: 0 };
    const served = serveSource(fakeSource(300, 40_000, closed));
    const pages: number[] = [];
    const remote = remoteSource(async (call: SourceCall) => {
      const value = await served.answer(call);
      if (call.method === 'next') pages.push((value as SourcePage).articles.length);
      return value;
    });
    const ids = [...(await remote.ids())];
    expect(ids).toHaveLength(300);
    const got: string[] = [];
    for await (const article of remote.articles(ids)) got.push(article.record.id);
    expect(got).toEqual(ids);
    // 40,000 characters each: a page stops at about two million characters.
    expect(Math.max(...pages)).toBeLessThanOrEqual(53);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(300);
    expect(closed.count).toBe(1);
  });

  it('closes the source side when the reader stops early', async () => {
    const closed = { count: 0 };
    const served = serveSource(fakeSource(500, 10, closed));
    const remote = remoteSource((call) => served.answer(call));
    for await (const article of remote.articles(['a1', 'a2', 'a3'].concat(Array.from({ length: 200 }, (_, i) => `b${i}`)))) {
      if (article.record.id === 'a2') break;
    }
    expect(closed.count).toBe(1);
  });
});
