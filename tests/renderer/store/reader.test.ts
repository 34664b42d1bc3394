import { describe, expect, it } from 'vitest';
import { changed, run, summary } from './helpers';

const a = summary('a', 1, { images: { total: 2, saved: 1, failed: [{ url: 'https://x.example/1.png', reason: 'timeout' }] } });
const opened = run([
  { type: 'reader/requested', id: 'a' },
  { type: 'reader/loaded', article: { ...a, html: '<p>Body</p>', places: [], highlights: [], note: null } },
]);

describe('renderer/store/reader', () => {
  it('holds the body of the article being read; its header is the summary', () => {
    expect(opened.reader).toMatchObject({ id: 'a', html: '<p>Body</p>', loading: false, stale: false });
    expect(opened.articles.byId.a).toEqual(a);
  });

  it('a bookmark toggle or a progress write changes the summary and leaves the body as it is', () => {
    const next = run([{ type: 'articles/received', articles: [{ ...a, bookmarked: true, bookmarkedAt: '2026-01-02T00:00:00.000Z' }] }, changed([{ ...a, bookmarked: true, bookmarkedAt: '2026-01-02T00:00:00.000Z', progress: 40 }])], opened);
    expect(next.reader).toBe(opened.reader);
    expect(next.articles.byId.a!.bookmarked).toBe(true);
  });

  it('images fetched again (here or elsewhere) mark the body to be fetched again', () => {
    const retried = run([changed([{ ...a, images: { total: 2, saved: 2, failed: [] } }])], opened);
    expect(retried.reader.stale).toBe(true);
    const again = run([{ type: 'reader/requested', id: 'a' }, { type: 'reader/loaded', article: { ...a, html: '<p>Body with both images</p>', places: [], highlights: [], note: null } }], retried);
    expect(again.reader).toMatchObject({ html: '<p>Body with both images</p>', stale: false });
  });

  it('an answer for an article no longer open is dropped; places added and removed are kept in reading order', () => {
    const other = run([{ type: 'reader/requested', id: 'b' }, { type: 'reader/loaded', article: { ...a, html: '<p>Late</p>', places: [], highlights: [], note: null } }], opened);
    expect(other.reader).toMatchObject({ id: 'b', html: null, loading: true });
    const place = (placeId: string, block: number) => ({ placeId, articleId: 'a', position: { block, offset: 0 }, snippet: 's', note: null, createdAt: '2026-01-02T00:00:00.000Z' });
    const withPlaces = run([{ type: 'place/added', place: place('p2', 9) }, { type: 'place/added', place: place('p1', 2) }], opened);
    expect(withPlaces.reader.places.map((p) => p.placeId)).toEqual(['p1', 'p2']);
    expect(run([{ type: 'place/removed', placeId: 'p1' }], withPlaces).reader.places.map((p) => p.placeId)).toEqual(['p2']);
  });
});
