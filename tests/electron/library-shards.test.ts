import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { SHARD_CAPACITY } from '../../electron/library/article-index';
import { Library } from '../../electron/library/library';
import { articleRecordSchema, quickRecord } from '../../electron/library/schema';
import { articleRecord } from '../helpers/records';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-shards-'));
  return () => rm(dataDir, { recursive: true, force: true });
});

function record(id: string, title = id, normalizedUrl: string | null = null) {
  return articleRecord(id, { title, url: normalizedUrl, finalUrl: normalizedUrl, normalizedUrl });
}
const files = { bodyHtml: '<p>Hello there</p>', bodyText: 'Hello there', rawPage: null };
const idOf = (i: number) => `art-${String(i).padStart(5, '0')}`;
const indexDir = () => join(dataDir, 'index');

async function fill(library: Library, count: number, from = 0): Promise<void> {
  await library.addMany(Array.from({ length: count }, (_, i) => ({ record: record(idOf(from + i), `t${from + i}`, `https://example.com/${from + i}`), files })));
}

describe('electron/library/article-index', () => {
  it('keeps the index in shards of bounded size, in the order articles were added, across a reopen', async () => {
    const library = await Library.open({ dataDir });
    await fill(library, SHARD_CAPACITY + 10);
    expect((await readdir(indexDir())).sort()).toEqual(['000000.articles.jsonl', '000001.articles.jsonl']);
    const reopened = await Library.open({ dataDir });
    expect(reopened.size).toBe(SHARD_CAPACITY + 10);
    const newest = reopened.list('all', 0, 12);
    expect(newest.total).toBe(SHARD_CAPACITY + 10);
    expect(newest.items.map((a) => a.id)).toEqual(Array.from({ length: 12 }, (_, i) => idOf(SHARD_CAPACITY + 9 - i)));
    expect(reopened.list('all', 0, 3, 'oldest').items.map((a) => a.id)).toEqual([idOf(0), idOf(1), idOf(2)]);
    expect(reopened.list('all', SHARD_CAPACITY + 8, 50).items.map((a) => a.id)).toEqual([idOf(1), idOf(0)]);
    expect(reopened.findByNormalizedUrl('https://example.com/3')?.id).toBe(idOf(3));
    expect(reopened.findByNormalizedUrl('https://example.com/nowhere')).toBeUndefined();
  });

  it('pages views across shards the same as filtering the whole list would', async () => {
    const library = await Library.open({ dataDir });
    const count = 2 * SHARD_CAPACITY + 40;
    await fill(library, count);
    const archived = [0, 1, 2, 5, SHARD_CAPACITY + 3, 2 * SHARD_CAPACITY + 1].map(idOf);
    const read = [3, 7, SHARD_CAPACITY, SHARD_CAPACITY + 9, 2 * SHARD_CAPACITY + 2].map(idOf);
    for (const id of archived) await library.setArchived(id, true);
    for (const id of read) await library.setRead(id, true);
    const all = Array.from({ length: count }, (_, i) => idOf(i));
    const expected = (view: 'all' | 'unread', sort: 'newest' | 'oldest') => {
      const kept = all.filter((id) => !archived.includes(id) && (view === 'all' || !read.includes(id)));
      return sort === 'newest' ? kept.reverse() : kept;
    };
    for (const view of ['all', 'unread'] as const) {
      for (const sort of ['newest', 'oldest'] as const) {
        for (const offset of [0, 1, SHARD_CAPACITY - 5, SHARD_CAPACITY + 7, 2 * SHARD_CAPACITY - 3, count - 20]) {
          const page = library.list(view, offset, 30, sort);
          expect(page.total).toBe(expected(view, sort).length);
          expect(page.items.map((a) => a.id)).toEqual(expected(view, sort).slice(offset, offset + 30));
        }
      }
    }
  });

  it('writes only the shard an add, a delete or a bookmark concerns', async () => {
    const library = await Library.open({ dataDir });
    await fill(library, SHARD_CAPACITY + 1);
    const first = join(indexDir(), '000000.articles.jsonl');
    const second = join(indexDir(), '000001.articles.jsonl');
    const firstBefore = await readFile(first, 'utf8');
    await library.add(record('late-0001'), files);
    expect(await readFile(first, 'utf8')).toBe(firstBefore);
    expect(await readFile(second, 'utf8')).toContain('late-0001');

    const secondBefore = await readFile(second, 'utf8');
    await library.delete(idOf(5));
    expect(await readFile(second, 'utf8')).toBe(secondBefore);
    expect(await readFile(first, 'utf8')).not.toContain(idOf(5));

    await library.setBookmarked(idOf(SHARD_CAPACITY), true);
    expect((await readdir(indexDir())).filter((n) => n.endsWith('.state.json'))).toEqual(['000001.state.json']);
    const reopened = await Library.open({ dataDir });
    expect(reopened.size).toBe(SHARD_CAPACITY + 1);
    expect(reopened.list('bookmarked').items.map((a) => a.id)).toEqual([idOf(SHARD_CAPACITY)]);
    expect(reopened.list('all', 0, 1).items[0]!.id).toBe('late-0001');
  });

  it('lists every view from the state without reading records it does not show', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const library = await Library.open({ dataDir, now: () => new Date((t += 1000)) });
    await fill(library, 40);
    await library.setArchived(idOf(39), true);
    await library.setRead(idOf(38), true);
    await library.saveProgress(idOf(10), { block: 1, offset: 0 }, 30);
    await library.saveProgress(idOf(20), { block: 1, offset: 0 }, 60);
    await library.setBookmarked(idOf(1), true);
    await library.setBookmarked(idOf(2), true);
    const reopened = await Library.open({ dataDir });
    const ids = (view: Parameters<Library['list']>[0], offset = 0, limit = 3) => reopened.list(view, offset, limit);
    expect(ids('all')).toMatchObject({ total: 39, items: [{ id: idOf(38) }, { id: idOf(37) }, { id: idOf(36) }] });
    expect(ids('unread').total).toBe(38);
    expect(ids('unread').items.map((a) => a.id)).toEqual([idOf(37), idOf(36), idOf(35)]);
    expect(ids('archived').items.map((a) => a.id)).toEqual([idOf(39)]);
    expect(ids('continue').items.map((a) => a.id)).toEqual([idOf(20), idOf(10)]);
    expect(ids('bookmarked').items.map((a) => a.id)).toEqual([idOf(2), idOf(1)]);
    expect(reopened.list('bookmarked', 0, 10, 'oldest').items.map((a) => a.id)).toEqual([idOf(1), idOf(2)]);
  });

  it('without repair (a read-only copy), refuses a truncated or damaged shard and leaves it untouched', async () => {
    const library = await Library.open({ dataDir });
    await fill(library, 3);
    const shard = join(indexDir(), '000000.articles.jsonl');
    const whole = await readFile(shard, 'utf8');
    await truncate(shard, whole.length - 10);
    const cut = await readFile(shard, 'utf8');
    await expect(Library.open({ dataDir, recover: false })).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining('000000.articles.jsonl') });
    expect(await readFile(shard, 'utf8')).toBe(cut);
    // Same length, damaged record: found when the record is first needed, and the shard is never rewritten from it.
    await writeFile(shard, whole.replace('"title":"t2"', '"title":42  '));
    const opened = await Library.open({ dataDir, recover: false });
    expect(() => opened.list()).toThrow(/000000\.articles\.jsonl/);
    await expect(opened.add(record('more-0001'), files)).rejects.toMatchObject({ code: 'storage' });
    expect(await readFile(shard, 'utf8')).toBe(whole.replace('"title":"t2"', '"title":42  '));
  });

  it('removes an interrupted migration and temporary files on open', async () => {
    await Library.open({ dataDir });
    await mkdir(join(dataDir, 'index.staging-abcd'));
    await writeFile(join(indexDir(), '.000000.articles.jsonl.1.ab.tmp'), 'half');
    await Library.open({ dataDir });
    expect(await readdir(dataDir)).not.toContain('index.staging-abcd');
    expect(await readdir(indexDir())).toEqual([]);
  });
});

describe('electron/library/migrate', () => {
  it('moves a first-layout db.json and state.json into the sharded index, keeping everything', async () => {
    const records = Array.from({ length: SHARD_CAPACITY + 2 }, (_, i) => ({ ...record(idOf(i), `t${i}`, `https://example.com/${i}`), savedAt: '2026-01-01T00:00:00.000Z' }));
    await writeFile(join(dataDir, 'db.json'), JSON.stringify({ schemaVersion: 1, articles: records }));
    const state = {
      schemaVersion: 1,
      bookmarks: { [idOf(1)]: { createdAt: '2026-01-02T00:00:00.000Z' } },
      places: [{ placeId: 'place-0001', articleId: idOf(SHARD_CAPACITY + 1), position: { block: 1, offset: 2 }, snippet: 'x', note: null, createdAt: '2026-01-03T00:00:00.000Z' }],
      reading: { [idOf(2)]: { position: { block: 4, offset: 0 }, progress: 50, lastReadAt: '2026-01-02T00:00:00.000Z', readAt: null } },
      archived: { [idOf(3)]: '2026-01-02T00:00:00.000Z' },
      settings: { textSize: 24, lineHeight: 1.6, contentWidth: 70, font: 'sans', theme: 'dark', sort: 'oldest' },
    };
    await writeFile(join(dataDir, 'state.json'), JSON.stringify(state));
    for (const r of records) await mkdir(join(dataDir, 'articles', r.id), { recursive: true });

    const library = await Library.open({ dataDir });
    expect(await readdir(dataDir)).not.toContain('db.json');
    expect(JSON.parse(await readFile(join(dataDir, 'state.json'), 'utf8'))).toEqual({ schemaVersion: 2, settings: state.settings });
    expect(library.size).toBe(SHARD_CAPACITY + 2);
    expect(library.list('all', 0, 1, 'oldest').items[0]!.id).toBe(idOf(0));
    expect(library.summary(idOf(1)).bookmarked).toBe(true);
    expect(library.summary(idOf(2))).toMatchObject({ progress: 50, position: { block: 4, offset: 0 } });
    expect(library.summary(idOf(3)).archivedAt).toBe('2026-01-02T00:00:00.000Z');
    expect(library.places(idOf(SHARD_CAPACITY + 1)).map((p) => p.placeId)).toEqual(['place-0001']);
    expect(library.settings()).toMatchObject({ textSize: 24, font: 'sans' });
    expect(library.findByNormalizedUrl('https://example.com/7')?.id).toBe(idOf(7));
    expect((await readdir(join(dataDir, 'articles'))).length).toBe(SHARD_CAPACITY + 2);
  });

  it('without repair, leaves a damaged first-layout state.json untouched and creates nothing', async () => {
    await writeFile(join(dataDir, 'state.json'), '{"schemaVersion":1,"bookmarks":');
    await expect(Library.open({ dataDir, recover: false })).rejects.toMatchObject({ code: 'storage' });
    expect(await readFile(join(dataDir, 'state.json'), 'utf8')).toBe('{"schemaVersion":1,"bookmarks":');
    expect(await readdir(dataDir)).not.toContain('index');
  });
});

describe('electron/library/schema quickRecord', () => {
  it('accepts only what the record schema accepts, and reads it the same', () => {
    const text = fc.oneof(fc.string({ maxLength: 8 }), fc.constant(''), fc.constant('2026-01-01T00:00:00.000Z'));
    // Mostly good values, so that both answers (accepted and refused) are exercised often.
    const maybe = <T>(arb: fc.Arbitrary<T>) =>
      fc.oneof({ arbitrary: arb, weight: 40 }, { arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: fc.constant(3), weight: 1 });
    const recordish = fc.record(
      {
        id: maybe(text),
        title: maybe(text),
        byline: maybe(text),
        siteName: maybe(text),
        excerpt: maybe(text),
        lang: maybe(text),
        dir: fc.oneof({ arbitrary: fc.constantFrom('ltr', 'rtl', null), weight: 20 }, { arbitrary: fc.constantFrom('up', undefined), weight: 1 }),
        publishedTime: maybe(text),
        savedAt: fc.oneof({ arbitrary: fc.constant('2026-01-01T00:00:00.000Z'), weight: 20 }, { arbitrary: fc.constantFrom('not a date', 5), weight: 1 }),
        url: maybe(text),
        finalUrl: maybe(text),
        canonicalUrl: maybe(text),
        normalizedUrl: maybe(text),
        wordCount: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 5 }), weight: 20 }, { arbitrary: fc.constantFrom(-1, 1.5, '1'), weight: 1 }),
        readingMinutes: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 3 }), weight: 20 }, { arbitrary: fc.constantFrom(0, 2.5), weight: 1 }),
        source: fc.oneof({ arbitrary: fc.constantFrom('url', 'html', 'text'), weight: 20 }, { arbitrary: fc.constant('fax'), weight: 1 }),
        raw: fc.oneof(fc.constant(null), fc.record({ contentType: maybe(text), charset: maybe(text) })),
        images: fc.oneof(
          fc.constant(undefined),
          fc.record({
            total: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 3 }), weight: 20 }, { arbitrary: fc.constantFrom(-1, 0.5), weight: 1 }),
            saved: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 3 }), weight: 20 }, { arbitrary: fc.constant(-1), weight: 1 }),
            failed: fc.array(fc.record({ url: maybe(text), reason: maybe(text) }), { maxLength: 2 }),
          }),
        ),
        leadImage: maybe(text),
      },
    );
    let accepted = 0;
    fc.assert(
      fc.property(recordish, (value) => {
        const raw = JSON.parse(JSON.stringify(value)) as unknown;
        const quick = quickRecord(raw);
        if (quick === null) return;
        accepted++;
        const strict = articleRecordSchema.safeParse(raw);
        expect(strict.success).toBe(true);
        expect(quick).toEqual(strict.data);
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(20);
    const valid = { ...record('ok-0001'), savedAt: '2026-01-01T00:00:00.000Z' };
    expect(quickRecord(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
  });
});
