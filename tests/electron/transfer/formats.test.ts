import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ImportEntry, ParsedImport } from '../../../electron/transfer/formats/entry';
import { checkAddress, toIso } from '../../../electron/transfer/formats/entry';
import { placeQuote } from '../../../electron/transfer/formats/place-quote';
import { readImportBytes, readImportFile } from '../../../electron/transfer/read-input';
import { readExport } from '../../../electron/transfer/read-export';
import { FIXTURES } from '../../helpers/fixture-server';

const IMPORTS = join(FIXTURES, 'imports');

async function parseFile(path: string): Promise<ParsedImport> {
  const read = await readExport(await readImportFile(join(IMPORTS, path), path));
  if (read.kind !== 'entries') throw new Error(`${path} read as ${read.kind}`);
  return read.parsed;
}

async function parseBytes(bytes: Uint8Array | string, name = 'export'): Promise<ParsedImport> {
  const read = await readExport(await readImportBytes(typeof bytes === 'string' ? strToU8(bytes) : bytes, name));
  if (read.kind !== 'entries') throw new Error(`${name} read as ${read.kind}`);
  return read.parsed;
}

const byUrl = (parsed: ParsedImport, url: string): ImportEntry => {
  const found = parsed.entries.find((e) => e.url === url);
  if (!found) throw new Error(`no entry ${url} in ${parsed.entries.map((e) => e.url).join(', ')}`);
  return found;
};

describe('electron/transfer/formats: the fixture files, detected from their content', () => {
  it('Pocket CSV (2025, five columns): title, address, time added, tags, unread', async () => {
    const p = await parseFile('pocket-csv/shiori-pocket-new.csv');
    expect(p.format).toBe('pocket-csv');
    expect(p.entries).toHaveLength(1);
    expect(p.entries[0]).toMatchObject({ title: 'Shiori', url: 'https://github.com/go-shiori/shiori', tags: ['shiori'], read: false, archived: false, savedAt: '2018-11-04T15:05:37.000Z' });
  });

  it('Pocket zip of part_*.csv with the cursor column: archive state, | tags, ftp skipped with its reason', async () => {
    const p = await parseFile('pocket-csv/readeck-pocket.zip');
    expect(p.format).toBe('pocket-csv');
    expect(p.entries.map((e) => e.url)).toEqual(['https://example.net/', 'https://example.org/#test', 'https://example.net/#foo', 'https://example.org/read']);
    expect(byUrl(p, 'https://example.org/#test').tags).toEqual(['tag1', 'tag2']);
    expect(byUrl(p, 'https://example.org/read')).toMatchObject({ archived: true, read: true });
    expect(byUrl(p, 'https://example.net/')).toMatchObject({ archived: false, read: false });
    expect(p.skipped).toEqual([expect.objectContaining({ url: 'ftp://example.net/', reason: expect.stringContaining('ftp:') })]);
  });

  it('Pocket HTML (ril_export.html): Unread and Read Archive lists give the state, Cyrillic titles kept', async () => {
    const p = await parseFile('pocket-html/calibr-pocket.html');
    expect(p.format).toBe('pocket-html');
    expect(p.entries).toHaveLength(5);
    expect(p.entries.filter((e) => e.archived)).toHaveLength(2);
    expect(byUrl(p, 'http://4pda.ru/2013/05/10/100002/')).toMatchObject({ title: 'Аналитики: новый Nexus 7 получит Android 4.3 и Snapdragon S4 Pro', archived: true, savedAt: '2013-05-25T18:15:54.000Z' });
    expect(byUrl(p, 'http://google.com/')).toMatchObject({ archived: false, tags: [] });
  });

  it('Instapaper CSV (six columns): titles with | and curly quotes, Unix timestamps, the Unread folder is no tag', async () => {
    const p = await parseFile('instapaper-csv/readeck-csv-instapaper.csv');
    expect(p.format).toBe('instapaper-csv');
    expect(p.entries).toHaveLength(2);
    expect(byUrl(p, 'https://css-irl.info/dont-forget-the-lang-attribute/')).toMatchObject({ title: 'CSS { In Real Life } | Don’t Forget the “lang” Attribute', savedAt: '2021-12-21T10:01:19.000Z', tags: [], archived: false });
  });

  it('Omnivore metadata JSON: labels, Archived state, reading progress, author, dates, description', async () => {
    const p = await parseFile('omnivore/wallabag-omnivore.json');
    expect(p.format).toBe('omnivore');
    expect(p.entries).toHaveLength(20);
    expect(p.entries.filter((e) => e.archived)).toHaveLength(1);
    expect(p.entries.filter((e) => e.tags.includes('TEST')).length).toBeGreaterThan(0);
    for (const e of p.entries) {
      expect(e.tags).toContain('RSS');
      expect(e.savedAt).toMatch(/^2024-10-29T/);
      expect(e.excerpt).toBeTruthy();
      expect(e.author).toBeTruthy();
      expect(e.publishedTime).toBeTruthy();
    }
  });

  it('wallabag 2 JSON: archived and starred booleans, +0200 dates, its stored content', async () => {
    const p = await parseFile('wallabag-json/wallabag-v2-read.json');
    expect(p.format).toBe('wallabag-json');
    expect(p.entries).toHaveLength(2);
    const anne = byUrl(p, 'https://blog.wikimedia.org/2016/02/10/anne-frank-diary-removal/');
    expect(anne).toMatchObject({ archived: true, read: true, lang: 'en', savedAt: '2016-09-08T09:55:58.000Z' });
    expect(anne.content).toContain('<p>');
  });

  it('wallabag 1 JSON (every value a string, fields twice): is_fav, comma tags, content, no dates', async () => {
    const p = await parseFile('wallabag-json/wallabag-v1-read.json');
    expect(p.format).toBe('wallabag-json');
    expect(p.entries).toHaveLength(3);
    expect(byUrl(p, 'https://www.wallabag.org/features/')).toMatchObject({ bookmarked: true, archived: false, savedAt: null });
    expect(byUrl(p, 'http://framablog.org/2015/02/14/jaime-le-logiciel-libre/').tags).toEqual(['framasoft', 'tag']);
    for (const e of p.entries) expect(e.content?.length).toBeGreaterThan(1000);
  });

  it('Karakeep JSON (the older shape without lists or archived): tags with accents and spaces, Unix seconds', async () => {
    const p = await parseFile('karakeep-json/issue-switchtoopen-40-karakeep.json');
    expect(p.format).toBe('karakeep');
    expect(p.entries).toEqual([expect.objectContaining({ url: 'https://github.com/CyberFlooD/SwitchToOpen', savedAt: '2025-07-13T15:30:30.000Z', tags: ['cybersécurité', 'informatique', 'logiciel open source', 'Alternatives_open_source'], archived: false })]);
  });

  it('Linkwarden JSON: collections nested through parentId become Parent/Child tags; one address in two collections is two entries', async () => {
    const p = await parseFile('linkwarden-json/karakeep-linkwarden-export.json');
    expect(p.format).toBe('linkwarden');
    expect(byUrl(p, 'https://nextjs.org/').tags).toEqual(['Tech/Frontend/Frameworks']);
    expect(byUrl(p, 'https://react.dev/').tags).toEqual(['js', 'ui', 'Tech/Frontend']);
    expect(p.entries.filter((e) => e.url === 'https://example.com/').map((e) => e.tags)).toEqual([['work'], ['personal']]);
  });

  it('Readwise Reader CSV: Python-list tags with commas and apostrophes, archive location, feed rows skipped', async () => {
    const p = await parseFile('readwise-reader-csv/readeck-readwise.csv');
    expect(p.format).toBe('readwise-csv');
    expect(byUrl(p, 'https://www.linuxserver.io/').tags).toEqual(["don't", 'favorite', 'peanut, butter']);
    expect(byUrl(p, 'https://www.startpage.com/')).toMatchObject({ archived: true, savedAt: '2025-01-20T22:13:02.447Z' });
    expect(p.skipped).toEqual([expect.objectContaining({ reason: expect.stringContaining('feed') })]);
  });

  it('Netscape bookmarks from Chromium: nested folders as Parent/Child tags, a folder name with a comma kept whole', async () => {
    const p = await parseFile('netscape-bookmarks/snbp-chromium_nested.htm');
    expect(p.format).toBe('netscape');
    expect(p.entries).toHaveLength(18);
    expect(byUrl(p, 'http://www.php-fig.org/psr/').tags).toEqual(['Dev/PHP']);
    expect(byUrl(p, 'https://www.kernel.org/').tags).toEqual(['Linux, Unix OS,Other stuff']);
    expect(byUrl(p, 'https://checkio.org/').savedAt).toBe('2016-06-15T17:30:20.000Z');
  });

  it('Netscape bookmarks from Firefox: TAGS and folders together, <DD> descriptions, place: queries skipped with a reason', async () => {
    const p = await parseFile('netscape-bookmarks/snbp-firefox_nested.htm');
    expect(p.entries).toHaveLength(21);
    expect(byUrl(p, 'http://xkcd.com/1332/').tags).toEqual(['xkcd', 'webcomic', 'slope', 'respect', 'Comics']);
    expect(p.entries.some((e) => e.excerpt === 'The blog relating the daily life of web agency developers')).toBe(true);
    expect(p.skipped).toHaveLength(3);
    for (const s of p.skipped) expect(s.reason).toContain('place:');
  });

  it('Netscape bookmarks from Safari: no ADD_DATE, FOLDED folders, links outside any <DL>', async () => {
    const p = await parseFile('netscape-bookmarks/snbp-safari_folded.htm');
    expect(p.entries.map((e) => e.url)).toEqual(['https://github.com/', 'https://github.com/shaarli/Shaarli', 'https://en.wikipedia.org/wiki/Main_Page']);
    expect(p.entries.every((e) => e.savedAt === null)).toBe(true);
    expect(byUrl(p, 'https://en.wikipedia.org/wiki/Main_Page').tags).toEqual(['Autre Divers/doc']);
  });

  it('Netscape bookmarks (Readeck, basic): TAGS with stray spaces, TOREAD, ftp skipped, fragments kept', async () => {
    const p = await parseFile('netscape-bookmarks/readeck-browser.html');
    expect(byUrl(p, 'http://blog.mozilla.com/').tags).toEqual(['mozilla', 'blog', 'test', 'Bookmarks bar']);
    expect(p.entries.map((e) => e.url)).toContain('https://example.org/#test');
    expect(p.skipped.map((s) => s.url)).toEqual(['ftp://example.net/']);
    const basic = await parseFile('netscape-bookmarks/snbp-netscape_basic.htm');
    expect(basic.entries.map((e) => e.tags)).toEqual([['private', 'secret'], ['public', 'hello', 'world']]);
    expect(basic.entries[0]!.excerpt).toBe("Super-secret stuff you're not supposed to know about");
  });

  it('browser JSON: Chrome microseconds since 1601 and Firefox microseconds since 1970, root folders as tags', async () => {
    const chrome = await parseFile('browser-json/wallabag-chrome-bookmarks.json');
    expect(chrome.format).toBe('browser-json');
    expect(chrome.entries[0]).toMatchObject({ savedAt: '2016-09-20T13:15:29.335Z', tags: ['Barre de favoris'] });
    const firefox = await parseFile('browser-json/wallabag-firefox-bookmarks.json');
    expect(firefox.entries[0]).toMatchObject({ savedAt: '2013-12-27T17:41:31.644Z', tags: ['test', 'tag', 'Barre personnelle'] });
  });

  it('Pinboard, GoodLinks, Delicious and Readability JSON', async () => {
    const pinboard = await parseFile('pinboard-json/readeck-pinboard.json');
    expect(pinboard.format).toBe('pinboard');
    expect(byUrl(pinboard, 'https://www.enisa.europa.eu/publications/the-enisa-cybersecurity-exercise-methodology')).toMatchObject({ tags: ['security', 'foo', 'bar'], read: true });
    expect(byUrl(pinboard, 'https://codeberg.org/readeck/readeck#under-the-hood')).toMatchObject({ excerpt: 'a longer free-form text', read: false, tags: [] });
    const goodlinks = await parseFile('goodlinks-json/readeck-goodlinks.json');
    expect(goodlinks.format).toBe('goodlinks');
    expect(goodlinks.entries.map((e) => e.tags)).toEqual([['search'], ['linux', 'docker']]);
    const delicious = await parseFile('delicious-json/wallabag-delicious_export.json');
    expect(delicious.format).toBe('delicious');
    expect(byUrl(delicious, 'https://addyosmani.com/basket.js/')).toMatchObject({ savedAt: '2013-01-18T17:53:27.000Z', tags: ['basket', 'javascript', 'loader', 'localStorage'] });
    expect(byUrl(delicious, 'https://stackoverflow.com/review/').tags).toEqual([]);
    const readability = await parseFile('readability-json/wallabag-readability.json');
    expect(readability.format).toBe('readability');
    expect(readability.entries).toHaveLength(3);
    expect(readability.entries.filter((e) => e.bookmarked)).toHaveLength(1);
    expect(readability.entries[0]!.excerpt).toContain('It’s like that polluted…');
  });

  it('a plain list of addresses: non-addresses and ftp skipped, each with its line and reason', async () => {
    const p = await parseFile('url-list/readeck-text.txt');
    expect(p.format).toBe('url-list');
    expect(p.entries.map((e) => e.url)).toEqual(['https://example.org/#test', 'https://example.net/', 'https://example.net/#foo']);
    expect(p.skipped.map((s) => s.reason)).toEqual([expect.stringContaining('line 3'), expect.stringContaining('line 4'), expect.stringContaining('ftp:')]);
  });

  it('OPML files are read as subscriptions, whichever tool wrote them', async () => {
    for (const file of ['nnw-DefaultFeeds.opml', 'newsboat-example.opml', 'commafeed-opml_v2.0.xml', 'listparser-hier-4-mixed.xml', 'miniflux-settings.opml']) {
      const read = await readExport(await readImportFile(join(IMPORTS, 'opml', file), file));
      expect(read.kind, file).toBe('opml');
    }
  });
});

describe('electron/transfer/formats: variants the fixtures do not show', () => {
  it('Instapaper CSV, old four columns: Starred is a bookmark, Archive archived, a user folder a tag, Selection the excerpt', async () => {
    const p = await parseBytes('URL,Title,Selection,Folder\nhttps://a.example/1,One,,Starred\nhttps://a.example/2,Two,"A chosen, quoted passage",Archive\nhttps://a.example/3,Three,,Cooking\n');
    expect(p.format).toBe('instapaper-csv');
    expect(byUrl(p, 'https://a.example/1').bookmarked).toBe(true);
    expect(byUrl(p, 'https://a.example/2')).toMatchObject({ archived: true });
    const two = byUrl(p, 'https://a.example/2');
    expect(two.excerpt === 'A chosen, quoted passage' || two.highlights.some((h) => h.quote === 'A chosen, quoted passage')).toBe(true);
    expect(byUrl(p, 'https://a.example/3').tags).toEqual(['Cooking']);
  });

  it('Pocket CSV with a line break inside a quoted title and a BOM', async () => {
    const p = await parseBytes('\uFEFFtitle,url,time_added,cursor,tags,status\n"Two\nlines",https://b.example/,1700000000,,a|b c,archive\n');
    expect(p.entries[0]).toMatchObject({ title: 'Two\nlines', tags: ['a', 'b c'], archived: true, savedAt: '2023-11-14T22:13:20.000Z' });
  });

  it('Karakeep with lists (nested through parentId), favourited, archived and a note; a text bookmark kept as its text', async () => {
    const json = JSON.stringify({
      bookmarks: [
        { createdAt: 1700000000, title: 'K', tags: ['Über Tag'], lists: ['l2'], content: { type: 'link', url: 'https://k.example/' }, note: 'mine', archived: true, favourited: true },
        { createdAt: 1700000001, title: 'Just text', tags: [], content: { type: 'text', text: 'Hello <there>\n\nSecond' }, note: null },
      ],
      lists: [
        { id: 'l1', name: 'Reading', parentId: null },
        { id: 'l2', name: 'Later', parentId: 'l1' },
      ],
    });
    const p = await parseBytes(json);
    expect(p.entries[0]).toMatchObject({ url: 'https://k.example/', tags: ['Über Tag', 'Reading/Later'], note: 'mine', archived: true, bookmarked: true });
    expect(p.entries[1]).toMatchObject({ url: '', title: 'Just text' });
    expect(p.entries[1]!.content).toBe('<p>Hello &lt;there&gt;</p><p>Second</p>');
  });

  it('wallabag 2 annotations become highlights with their notes', async () => {
    const p = await parseBytes(JSON.stringify([{ url: 'https://w.example/', title: 'W', is_archived: 0, is_starred: 1, tags: ['x'], content: '<p>One two three.</p>', annotations: [{ quote: 'two three', text: 'why', created_at: '2020-01-01T00:00:00+0000' }] }]));
    expect(p.entries[0]!.highlights).toEqual([{ quote: 'two three', note: 'why', color: null, createdAt: '2020-01-01T00:00:00.000Z' }]);
    expect(p.entries[0]!.bookmarked).toBe(true);
  });

  it('an Omnivore export zip: metadata, content/<slug>.html and highlights/<slug>.md with notes', async () => {
    const metadata = [{ id: 'u1', slug: 'the-slug', title: 'Om', url: 'https://o.example/a', state: 'Active', readingProgress: 40, labels: ['Work/Deep'], savedAt: '2024-01-02T03:04:05.000Z' }];
    const zip = zipSync({
      'metadata_0_to_20.json': strToU8(JSON.stringify(metadata)),
      'content/the-slug.html': strToU8('<html><body><article><p>Alpha beta gamma.</p></article></body></html>'),
      'highlights/the-slug.md': strToU8('> Alpha beta [⤴️](https://omnivore.app/me/the-slug#abc)\n\nmy note\n\n> gamma [⤴️](https://omnivore.app/me/the-slug#def)\n'),
    });
    const p = await parseBytes(zip, 'omnivore.zip');
    expect(p.format).toBe('omnivore');
    expect(p.entries[0]).toMatchObject({ url: 'https://o.example/a', progress: 40, tags: ['Work/Deep'], contentFile: 'content/the-slug.html' });
    expect(p.entries[0]!.highlights.map((h) => [h.quote, h.note])).toEqual([
      ['Alpha beta', 'my note'],
      ['gamma', null],
    ]);
  });

  it('Netscape with ADD_DATE in microseconds (Google Bookmarks), no DOCTYPE and a BOM', async () => {
    const p = await parseBytes('\uFEFF<DL><p><DT><H3>Google</H3><DL><p><DT><A HREF="https://g.example/" ADD_DATE="1465999466000000" TOREAD="1">G</A></DL></DL>');
    expect(p.format).toBe('netscape');
    expect(p.entries[0]).toMatchObject({ url: 'https://g.example/', savedAt: '2016-06-15T14:04:26.000Z', tags: ['Google'], read: false });
  });

  it('dates: seconds, milliseconds, microseconds, +0200 without a colon, Python microseconds, no zone as UTC', () => {
    expect(toIso(1700000000)).toBe('2023-11-14T22:13:20.000Z');
    expect(toIso('1700000000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(toIso('1700000000000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(toIso('2016-09-08T11:55:58+0200')).toBe('2016-09-08T09:55:58.000Z');
    expect(toIso('2025-01-20 22:13:02.447000+00:00')).toBe('2025-01-20T22:13:02.447Z');
    expect(toIso('2016-08-25T12:05:00')).toBe('2016-08-25T12:05:00.000Z');
    expect(toIso('not a date')).toBeNull();
  });

  it('addresses: javascript:, place:, file: and relative ones are refused with a reason', () => {
    expect(checkAddress('javascript:alert(1)')).toEqual({ reason: expect.stringContaining('javascript:') });
    expect(checkAddress('place:sort=8')).toEqual({ reason: expect.stringContaining('place:') });
    expect(checkAddress('file:///etc/passwd')).toEqual({ reason: expect.stringContaining('file:') });
    expect(checkAddress('/relative/path')).toEqual({ reason: expect.stringContaining('relative') });
    expect(checkAddress('https://ok.example/x')).toEqual({ url: 'https://ok.example/x' });
  });
});

describe('electron/transfer/read-input and read-export: bad input is refused in words', () => {
  const refuses = async (bytes: Uint8Array | string, pattern: RegExp) => {
    await expect(parseBytes(bytes, 'bad')).rejects.toThrow(pattern);
  };

  it('an unknown format says what it looks like', async () => {
    await refuses('{"hello": [1, 2]}', /JSON, an object with the keys hello/);
    await refuses('name,colour\nx,y\n', /CSV with the columns name, colour/);
    await refuses('Dear diary, today I\n', /plain text .*Dear diary/);
    await refuses(zipSync({ 'notes.txt': strToU8('hi') }), /zip holding 1 file \(notes\.txt\)/);
  });

  it('JSON cut short, a CSV cut inside a quoted field, a CSV without the address column', async () => {
    await refuses('[{"url": "https://a.example/", "is_archived": 1', /cut short|cannot be read/);
    await refuses('title,url,time_added,tags,status\n"Unclosed,https://a.example/,1,,unread\n', /line|quote|cut/i);
    await expect(parseBytes('title,time_added,tags,status,url_x\nA,1,,unread,x\n', 'bad')).rejects.toThrow();
  });

  it('an XML entity bomb (OPML or a bookmark file declaring entities) is refused before any parser sees it', async () => {
    const lol = '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">';
    const opml = `<?xml version="1.0"?><!DOCTYPE lolz [${lol}]><opml version="2.0"><body><outline text="&lol3;" xmlUrl="https://x.example/feed"/></body></opml>`;
    await expect(readImportBytes(strToU8(opml), 'bomb.opml').then(readExport)).rejects.toThrow(/declares XML entities .*entity bomb/);
    await refuses(`<!DOCTYPE NETSCAPE-Bookmark-file-1 [${lol}]><DL><p><DT><A HREF="https://n.example/">&lol3;</A></DL>`, /entity bomb/);
  });

  it('a damaged or truncated zip', async () => {
    const zip = zipSync({ 'part_000000.csv': strToU8('title,url,time_added,tags,status\nA,https://a.example/,1,,unread\n') });
    await refuses(zip.subarray(0, zip.length - 30), /damaged or incomplete zip/);
  });

  it('a zip bomb is refused from its directory, before it inflates', async () => {
    const big = new Uint8Array(64 * 1024 * 1024); // 64 MB of zeros deflates to ~64 KB: a ratio over 1000
    const zip = zipSync({ 'part_000000.csv': big }, { level: 9 });
    await refuses(zip, /zip bomb/);
  });

  it('a file over the size limit is refused before it is read', async () => {
    await expect(readImportBytes(strToU8('x'.repeat(2048)), 'huge.csv', { textBytes: 1024, zipBytes: 1024, entryBytes: 1024, zipTotalBytes: 1024, zipEntries: 10, maxRatio: 1000 })).rejects.toThrow(/huge\.csv is .* MB; Offprint imports files of up to/);
  });
});

describe('electron/transfer/formats/place-quote', () => {
  it('finds a quote exactly, across different white space, and approximately; null when it is not there', () => {
    const text = 'The quick brown fox\njumps over the lazy dog.\n\nA second paragraph with more words.';
    expect(placeQuote(text, 'brown fox')).toEqual({ start: 10, end: 19 });
    const loose = placeQuote(text, 'brown fox jumps  over');
    expect(text.slice(loose!.start, loose!.end)).toBe('brown fox\njumps over');
    const near = placeQuote(text, 'A second paragraf with more words');
    expect(near).not.toBeNull();
    expect(placeQuote(text, 'nothing like this sentence is in the text at all')).toBeNull();
  });
});
