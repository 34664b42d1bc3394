import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../electron/library/library';
import { MAX_NOTE_LENGTH } from '../../../shared/annotations';
import { articleRecord } from '../../helpers/records';

let dataDir: string;
let clock: number;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-highlights-'));
  clock = Date.parse('2026-05-01T08:00:00.000Z');
  return () => rm(dataDir, { recursive: true, force: true });
});

const now = () => new Date((clock += 1000));
const open = () => Library.open({ dataDir, now });

const TEXT = [
  'The ferry left the harbour at dawn, carrying two hundred passengers and a cargo of oranges.',
  'By noon the wind had risen. The captain ordered the passengers below deck and turned the ship towards the island.',
  'Nobody on board knew that the island had been abandoned for a decade, its lighthouse dark since the storm of 2014.',
].join('\n\n');
const html = (text: string) => text.split('\n\n').map((p) => `<p>${p}</p>`).join('');

async function withArticle(text = TEXT): Promise<Library> {
  const library = await open();
  await library.addArticle({ record: articleRecord('ferry-0001', { title: 'The ferry' }), files: { bodyHtml: html(text), bodyText: text, rawPage: null } });
  await library.addArticle({ record: articleRecord('other-0001', { title: 'Another story' }), files: { bodyHtml: '<p>Other words here.</p>', bodyText: 'Other words here.', rawPage: null } });
  return library;
}

const range = (words: string, text = TEXT) => ({ start: text.indexOf(words), end: text.indexOf(words) + words.length, exact: words });

describe('electron/library/highlights', () => {
  it('adds, recolours, annotates and deletes highlights, overlapping ones included, and keeps them on disk', async () => {
    const library = await withArticle();
    const a = await library.addHighlight({ id: 'ferry-0001', ...range('a cargo of oranges'), note: 'Why <b>oranges</b>?' });
    expect(a).toMatchObject({ articleId: 'ferry-0001', color: 'yellow', note: 'Why <b>oranges</b>?', quote: { exact: 'a cargo of oranges', suffix: '.\n\nBy noon the wind had risen. T' }, anchor: { status: 'exact' } });
    const b = await library.addHighlight({ id: 'ferry-0001', ...range('two hundred passengers and a cargo'), color: 'blue' });
    const c = await library.addHighlight({ id: 'ferry-0001', ...range('The captain ordered'), color: 'pink' });
    await expect(library.addHighlight({ id: 'ferry-0001', start: 3, end: 8, exact: 'other words' })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(library.addHighlight({ id: 'ferry-0001', start: 0, end: TEXT.length + 1 })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(library.addHighlight({ id: 'none-0000', start: 0, end: 1 })).rejects.toMatchObject({ code: 'not-found' });

    expect(await library.updateHighlight({ highlightId: b.highlightId, color: 'green', note: 'Numbers' })).toMatchObject({ color: 'green', note: 'Numbers' });
    expect(await library.updateHighlight({ highlightId: a.highlightId, note: '   ' })).toMatchObject({ note: null, color: 'yellow' });
    expect(await library.deleteHighlight({ highlightId: c.highlightId })).toEqual({ highlightId: c.highlightId });
    await expect(library.deleteHighlight({ highlightId: c.highlightId })).rejects.toMatchObject({ code: 'not-found' });
    expect(await library.setArticleNote({ id: 'ferry-0001', note: 'Read with\r\nthe map open.' })).toMatchObject({ note: { text: 'Read with\nthe map open.' } });
    await library.close();

    const reopened = await open();
    const article = await reopened.getArticle({ id: 'ferry-0001' });
    // Reading order: b starts first, a is inside it (they overlap).
    expect(article.highlights.map((h) => [h.quote.exact, h.color, h.note, h.anchor.status])).toEqual([
      ['two hundred passengers and a cargo', 'green', 'Numbers', 'exact'],
      ['a cargo of oranges', 'yellow', null, 'exact'],
    ]);
    expect(article.note).toMatchObject({ text: 'Read with\nthe map open.' });
    expect((await reopened.setArticleNote({ id: 'ferry-0001', note: '' })).note).toBeNull();
    expect((await reopened.getArticle({ id: 'ferry-0001' })).note).toBeNull();
    await reopened.close();
  });

  it('re-anchors after the body was edited: moved and edited highlights are found, one whose words are gone is kept as not found', async () => {
    const library = await withArticle();
    const moved = await library.addHighlight({ id: 'ferry-0001', ...range('its lighthouse dark since the storm of 2014') });
    const edited = await library.addHighlight({ id: 'ferry-0001', ...range('The captain ordered the passengers below deck') });
    const gone = await library.addHighlight({ id: 'ferry-0001', ...range('carrying two hundred passengers'), note: 'Keep this note' });
    const whole = await library.addHighlight({ id: 'ferry-0001', start: 0, end: TEXT.length });

    // The stored text changes as a re-extraction or a hand edit would change it.
    const next = `A paragraph the site added on top.\n\n${TEXT}`
      .replace('carrying two hundred passengers', 'with a full deck')
      .replace('ordered the passengers below deck', 'ordered all passengers below deck');
    await library.updateArticleBody('ferry-0001', { bodyHtml: html(next), bodyText: next, images: new Map(), report: { total: 0, saved: 0, failed: [] }, leadImage: null });

    const article = await library.getArticle({ id: 'ferry-0001' });
    const byId = new Map(article.highlights.map((h) => [h.highlightId, h]));
    const at = (id: string) => {
      const a = byId.get(id)!.anchor;
      return a.status === 'not-found' ? null : next.slice(a.start, a.end);
    };
    expect(byId.get(moved.highlightId)!.anchor.status).toBe('moved');
    expect(at(moved.highlightId)).toBe('its lighthouse dark since the storm of 2014');
    expect(byId.get(edited.highlightId)!.anchor.status).toBe('fuzzy');
    expect(at(edited.highlightId)).toBe('The captain ordered all passengers below deck');
    expect(byId.get(gone.highlightId)!.anchor).toEqual({ status: 'not-found' });
    expect(byId.get(whole.highlightId)!.anchor.status).toBe('fuzzy');
    // Not found is listed last, and kept as it was saved, note and all.
    expect(article.highlights.at(-1)).toMatchObject({ highlightId: gone.highlightId, note: 'Keep this note', quote: { exact: 'carrying two hundred passengers' } });
    expect(library.listHighlights({ id: 'ferry-0001' }).items.find((e) => e.highlight.highlightId === gone.highlightId)!.highlight.anchor.status).toBe('not-found');

    // body.txt replaced on disk by hand (the library's own copy of the text): the same anchoring.
    await writeFile(join(dataDir, 'articles', 'ferry-0001', 'body.txt'), TEXT);
    const back = await library.getArticle({ id: 'ferry-0001' });
    expect(back.highlights.find((h) => h.highlightId === gone.highlightId)!.anchor.status).toBe('exact');
    await library.close();
  });

  it('a note of any length, and a highlight over the whole article, are kept as plain text', async () => {
    const library = await withArticle();
    const long = `<script>alert(1)</script> ${'A long note. '.repeat(50_000)}`.slice(0, MAX_NOTE_LENGTH);
    await library.setArticleNote({ id: 'ferry-0001', note: long });
    const whole = await library.addHighlight({ id: 'ferry-0001', start: 0, end: TEXT.length, note: long });
    const article = await library.getArticle({ id: 'ferry-0001' });
    expect(article.note!.text).toBe(long.trimEnd());
    expect(article.highlights[0]).toMatchObject({ highlightId: whole.highlightId, anchor: { status: 'exact', start: 0, end: TEXT.length } });
    await library.close();
  });

  it('lists highlights across the library newest first, with the article\'s title, in pages; they go with a deleted article', async () => {
    const library = await withArticle();
    const first = await library.addHighlight({ id: 'ferry-0001', ...range('at dawn') });
    const second = await library.addHighlight({ id: 'other-0001', start: 0, end: 5 });
    const third = await library.addHighlight({ id: 'ferry-0001', ...range('the island') });
    const page = library.listHighlights({});
    expect(page.total).toBe(3);
    expect(page.items.map((e) => [e.highlight.highlightId, e.article.title])).toEqual([
      [third.highlightId, 'The ferry'],
      [second.highlightId, 'Another story'],
      [first.highlightId, 'The ferry'],
    ]);
    expect(library.listHighlights({ offset: 1, limit: 1 }).items.map((e) => e.highlight.highlightId)).toEqual([second.highlightId]);
    expect(library.listHighlights({ id: 'other-0001' }).items.map((e) => e.highlight.quote.exact)).toEqual(['Other']);
    expect(() => library.listHighlights({ id: 'none-0000' })).toThrow(/no saved article/);
    await library.deleteArticle({ id: 'ferry-0001' });
    expect(library.listHighlights({}).items.map((e) => e.highlight.highlightId)).toEqual([second.highlightId]);
    await library.close();
  });

  it('exports one article or the whole library as Markdown (quotes, notes, links back) and as W3C Web Annotations', async () => {
    const library = await withArticle();
    await library.addTags({ id: 'ferry-0001', tags: ['Sea'] });
    await library.addHighlight({ id: 'ferry-0001', ...range('a cargo of oranges'), note: 'A [link](javascript:x) and <b>tags</b>' });
    await library.setArticleNote({ id: 'ferry-0001', note: 'Whole-article note' });
    await library.addHighlight({ id: 'other-0001', start: 0, end: 5 });

    const one = await library.exportHighlights({ id: 'ferry-0001', format: 'markdown' });
    expect(one).toMatchObject({ format: 'markdown', filename: 'offprint-highlights-ferry-0001.md', highlights: 1 });
    expect(one.content).toContain('## The ferry');
    expect(one.content).toContain('> a cargo of oranges');
    expect(one.content).toContain('A \\[link\\](javascript:x) and \\<b\\>tags\\</b\\>');
    expect(one.content).toContain('**Note:** Whole-article note');
    expect(one.content).toContain('Tags: Sea');
    expect(one.content).toContain('[open at this place](offprint://app/index.html#/article/ferry-0001/at/0/');
    expect(one.content).not.toContain('Another story');

    const all = await library.exportHighlights({ format: 'json' });
    const collection = JSON.parse(all.content);
    expect(collection.type).toBe('AnnotationCollection');
    const highlights = collection.first.items.filter((i: { motivation?: string }) => i.motivation === 'highlighting');
    expect(highlights).toHaveLength(2);
    const oranges = highlights.find((i: { target: { selector: { exact?: string }[] } }) => i.target.selector[0]!.exact === 'a cargo of oranges');
    expect(oranges.target.selector[1]).toEqual({ type: 'TextPositionSelector', start: TEXT.indexOf('a cargo'), end: TEXT.indexOf('a cargo') + 18 });
    expect(oranges.body).toContainEqual({ type: 'TextualBody', purpose: 'commenting', format: 'text/plain', value: 'A [link](javascript:x) and <b>tags</b>' });
    expect(collection.first.items.find((i: { id: string }) => i.id === 'urn:offprint:article-note:ferry-0001').body).toContainEqual({ type: 'TextualBody', purpose: 'tagging', value: 'Sea' });
    await library.close();
  });

  it('state files of format 2 open with no tags, highlights or notes, and are written as format 3', async () => {
    const library = await withArticle();
    await library.setBookmarked({ id: 'ferry-0001', bookmarked: true });
    await library.close();
    const file = join(dataDir, 'index', '000000.state.json');
    const v3 = JSON.parse(await readFile(file, 'utf8'));
    expect(v3.schemaVersion).toBe(3);
    const { tags: _t, tagNames: _n, highlights: _h, notes: _o, ...v2 } = v3;
    await writeFile(file, JSON.stringify({ ...v2, schemaVersion: 2 }));
    const reopened = await open();
    expect(reopened.summary('ferry-0001')).toMatchObject({ bookmarked: true, tags: [] });
    await reopened.addHighlight({ id: 'ferry-0001', ...range('at dawn') });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ schemaVersion: 3, bookmarks: { 'ferry-0001': expect.any(Object) }, highlights: [expect.any(Object)] });
    await reopened.close();
  });
});
