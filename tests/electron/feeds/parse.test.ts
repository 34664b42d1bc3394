import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../../electron/feeds/decode';
import { sniffFeedCharset } from '../../../electron/feeds/parse/charset';
import { commonFeedPaths, feedLinksInHtml, youtubeChannelIdInHtml, youtubeFeedFor } from '../../../electron/feeds/parse/discover-html';
import { buildOpml, parseOpmlText } from '../../../electron/feeds/parse/opml';
import { parseFeedText } from '../../../electron/feeds/parse/parse-feed';
import { FIXTURES } from '../../helpers/fixture-server';

const FEEDS = join(FIXTURES, 'feeds');
const read = (path: string) => readFileSync(join(FEEDS, path));
const parse = (path: string, contentType?: string) => parseFeedText(decodeFeedBytes(read(path), contentType).text, { url: `https://feeds.example/${path}` });

describe('electron/feeds/parse: every fixture feed', () => {
  for (const folder of readdirSync(FEEDS).filter((f) => !f.endsWith('.md'))) {
    for (const file of readdirSync(join(FEEDS, folder))) {
      it(`${folder}/${file} is read, or refused with an error naming it`, () => {
        let parsed: ReturnType<typeof parse>;
        try {
          parsed = parse(`${folder}/${file}`);
        } catch (error) {
          expect((error as Error).message).toContain(file);
          expect(['malformed-feed', 'not-feed']).toContain((error as { code: string }).code);
          return;
        }
        expect(['rss', 'atom', 'rdf', 'json']).toContain(parsed.format);
        for (const item of parsed.items) {
          if (item.link) expect(item.link).toMatch(/^https?:\/\//);
          if (item.published) expect(Number.isNaN(Date.parse(item.published))).toBe(false);
        }
      });
    }
  }
});

describe('electron/feeds/parse: formats', () => {
  it('RSS 2.0 with content:encoded, dc:creator and a guid that is not a permalink', () => {
    const feed = parse('rss2/nnw-manton.rss');
    expect(feed.format).toBe('rss');
    expect(feed.items).toHaveLength(10);
    const item = feed.items[0]!;
    expect(item.id).toBe('http://www.manton.org/?p=3071');
    expect(item.link).toBe('http://www.manton.org/2015/09/3071.html');
    expect(item.author).toBe('manton');
    expect(item.contentHtml).toContain('<a href="http://coreint.org/199">');
    expect(item.published).toBe('2015-09-25T14:26:40.000Z');
  });

  it('RSS 1.0 (RDF) items with dc:date', () => {
    const feed = parse('rss1-rdf/feedrs-rss_1.0_debian.xml');
    expect(feed.format).toBe('rdf');
    expect(feed.items[0]).toMatchObject({ link: 'https://www.debian.org/News/2022/20221217', published: '2022-12-17T00:00:00.000Z' });
  });

  it('Atom: alternate link over related, HTML content, xml:base for relative addresses', () => {
    const df = parse('atom/nnw-DaringFireball.atom');
    expect(df.items[0]!.link).toBe('https://daringfireball.net/thetalkshow/2017/06/26/ep-195');
    const base = parse('atom/feedrs-atom_xml_base.xml').items[0]!;
    expect(base.baseUrl).toBe('https://numi.st/post/2022/travel-uke/');
    expect(new URL('IMG_1232.jpeg', base.baseUrl!).href).toBe('https://numi.st/post/2022/travel-uke/IMG_1232.jpeg');
    // No alternate link, but an id that is the entry's address.
    expect(base.link).toBe('https://numi.st/post/2022/travel-uke');
  });

  it('an Atom title of type html is decoded and its tags stripped', () => {
    const titles = parse('atom/feedjira-google_alerts_atom.xml').items.map((i) => i.title!);
    expect(titles.some((t) => t.includes('Slack'))).toBe(true);
    expect(titles.every((t) => !/<\/?b>|&lt;/.test(t))).toBe(true);
  });

  it('Atom in a file named .rss is detected from its content', () => {
    expect(parse('atom/rssparser-reddit-home.rss').format).toBe('atom');
  });

  it('a YouTube feed (newline before <?xml) gives each video a description and thumbnail', () => {
    const feed = parse('atom/feedjira-youtube_atom.xml');
    expect(feed.items).toHaveLength(15);
    expect(feed.items[0]!.summaryHtml).toContain('<img src="https://i2.ytimg.com/');
    expect(feed.items[0]!.link).toBe('http://www.youtube.com/watch?v=5shykyfmb28');
  });

  it('relative RSS links resolve against the channel', () => {
    const item = parse('rss2/feedrs-rss_2.0_relurl_2.xml').items[0]!;
    expect(item.link).toMatch(/^https:\/\/kryogenix\.org\//);
  });

  it('an item with no title, no date and no link keeps its content', () => {
    const item = parse('rss2/feedrs-rss_2.0_ghost_1.xml').items[0]!;
    expect(item).toMatchObject({ title: null, published: null, link: null });
    expect(item.contentHtml).toBe('Example');
  });

  it('JSON Feed 1.0 and 1.1 (authors[] and the deprecated author)', () => {
    const ines = parse('jsonfeed/nnw-inessential.json');
    expect(ines.format).toBe('json');
    expect(ines.items[0]).toMatchObject({ author: 'Brent Simmons', published: '2017-06-03T05:05:47.000Z' });
    expect(ines.items[0]!.contentHtml).toContain('<p>');
    const elastic = parse('jsonfeed/feedrs-jsonfeed_elastic_1.1.json');
    expect(elastic.items[0]!.author).toBeTruthy();
  });

  it('ttl and sy:updatePeriod become a floor on how often to refresh', () => {
    expect(parse('rss2/nnw-manton.rss').refreshFloorMinutes).toBe(60);
    const ttl = parseFeedText('<rss version="2.0"><channel><title>t</title><ttl>180</ttl></channel></rss>', { url: 'https://a.example/f' });
    expect(ttl.refreshFloorMinutes).toBe(180);
  });
});

describe('electron/feeds/parse: malformed, hostile and not feeds', () => {
  it('a truncated RSS document is read up to where it stops', () => {
    expect(parse('malformed/feedrs-rss_2.0_invalid_1.xml').title).toBe('Reuters: Most Read Articles');
    expect(parse('malformed/feedparser-rss_incomplete_cdata.xml').title).toBe('can feedparser read this xml');
  });

  it('a truncated JSON Feed is read up to its last complete item', () => {
    const feed = parse('malformed/nnw-allthis-partial.json');
    expect(feed.items.length).toBeGreaterThan(0);
    expect(feed.items.every((i) => i.title)).toBe(true);
  });

  it('a cut-short item list keeps every whole item', () => {
    const xml = '<rss version="2.0"><channel><title>T</title><item><title>one</title><link>https://a.example/1</link></item><item><title>two</title><link>https://a.exa';
    expect(parseFeedText(xml, { url: 'https://a.example/f' }).items.map((i) => i.title)).toEqual(['one']);
  });

  it('script in content is passed on as HTML, for capture to sanitise', () => {
    expect(parse('hostile/feedparser-entry_content_script.xml').items[0]!.contentHtml).toContain('<script');
  });

  it('a billion-laughs feed is refused quickly, naming the feed', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "lollollollol">${Array.from({ length: 12 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><rss version="2.0"><channel><title>&m;</title></channel></rss>`;
    const started = performance.now();
    expect(() => parseFeedText(lol, { url: 'https://evil.example/feed' })).toThrow(/evil\.example\/feed.*billion laughs/);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('external entities are never fetched and read as nothing; small internal ones are expanded', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY ext SYSTEM "http://127.0.0.1:1/secret"><!ENTITY site "Example News">]><rss version="2.0"><channel><title>&site; &ext;</title></channel></rss>`;
    expect(parseFeedText(xml, { url: 'https://a.example/f' }).title).toBe('Example News');
  });

  it('an HTML page and JSON that is not a JSON Feed are not feeds', () => {
    expect(() => parseFeedText('<!doctype html><html><body>hi</body></html>', { url: 'https://a.example/' })).toThrow(/is not a feed: it is a web page/);
    expect(() => parseFeedText('{"hello": 1}', { url: 'https://a.example/x.json' })).toThrow(/not a JSON Feed/);
  });
});

describe('electron/feeds/parse: character sets', () => {
  it('BOM, then the HTTP charset, then the prolog', () => {
    expect(sniffFeedCharset(read('encoding/nnw-donthitsave.xml'))).toEqual({ charset: 'utf-8', from: 'bom' });
    expect(sniffFeedCharset(read('encoding/miniflux-encoding_WINDOWS-1251.xml'))).toEqual({ charset: 'windows-1251', from: 'prolog' });
    expect(sniffFeedCharset(read('encoding/miniflux-encoding_WINDOWS-1251.xml'), 'text/xml; charset=koi8-r')).toEqual({ charset: 'koi8-r', from: 'http' });
  });

  it('legacy charsets come out right', () => {
    expect(parse('encoding/miniflux-encoding_WINDOWS-1251.xml').items[0]!.title).toBe('Цитата #17703');
    expect(parse('encoding/feedparser-euc-kr-item.xml').items[0]!.summaryHtml).toBe('년');
    expect(parse('encoding/miniflux-no_encoding_ISO-8859-1.xml').items[0]!.summaryHtml).toContain("nombre d'études");
  });

  it('prologs that lie are not believed', () => {
    const utf8Body = '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Café — naïve</title></channel></rss>';
    expect(parseFeedText(decodeFeedBytes(Buffer.from(utf8Body, 'utf8')).text, { url: 'https://a.example/' }).title).toBe('Café — naïve');
    const latinBody = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Caf\xe9</title></channel></rss>', 'latin1');
    expect(parseFeedText(decodeFeedBytes(latinBody).text, { url: 'https://a.example/' }).title).toBe('Café');
    const saysUtf16 = Buffer.from('<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>plain</title></channel></rss>', 'utf8');
    expect(sniffFeedCharset(saysUtf16).charset).toBe('utf-8');
  });

  it('UTF-16 with and without a BOM, and UTF-32', () => {
    const doc = '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>한국어 뉴스</title></channel></rss>';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc, 'utf16le')]);
    expect(parseFeedText(decodeFeedBytes(le).text, { url: 'https://a.example/' }).title).toBe('한국어 뉴스');
    const be = iconv.encode(doc, 'utf-16be');
    expect(parseFeedText(decodeFeedBytes(be).text, { url: 'https://a.example/' }).title).toBe('한국어 뉴스');
    const u32 = Buffer.alloc(doc.length * 4);
    [...doc].forEach((c, i) => u32.writeUInt32LE(c.codePointAt(0)!, i * 4));
    expect(parseFeedText(decodeFeedBytes(u32).text, { url: 'https://a.example/' }).title).toBe('한국어 뉴스');
  });
});

describe('electron/feeds/parse: discovery in pages', () => {
  it('finds RSS, Atom and JSON Feed alternates in order, resolved, comments feeds left out', () => {
    const html = `<html><head><base href="https://site.example/blog/">
      <link rel="alternate" type="application/rss+xml" title="Posts" href="feed.xml">
      <link rel="alternate" type="application/rss+xml" title="Comments Feed" href="/comments/feed/">
      <link rel="alternate" type="application/atom+xml" href="https://site.example/atom.xml">
      <link rel="alternate" type="application/feed+json" href="/feed.json">
      <link rel="alternate" type="application/json+oembed" href="/oembed">
      <link rel="stylesheet" href="/a.css"></head><body></body></html>`;
    expect(feedLinksInHtml(html, 'https://site.example/')).toEqual([
      { url: 'https://site.example/blog/feed.xml', title: 'Posts', format: 'rss' },
      { url: 'https://site.example/atom.xml', title: null, format: 'atom' },
      { url: 'https://site.example/feed.json', title: null, format: 'json' },
    ]);
  });

  it('YouTube channel, user and playlist addresses name their feed; a handle page names its channel', () => {
    expect(youtubeFeedFor('https://www.youtube.com/channel/UCK8sQmJBp8GCxrOtXWBpyEA')).toBe('https://www.youtube.com/feeds/videos.xml?channel_id=UCK8sQmJBp8GCxrOtXWBpyEA');
    expect(youtubeFeedFor('https://www.youtube.com/user/Google')).toBe('https://www.youtube.com/feeds/videos.xml?user=Google');
    expect(youtubeFeedFor('https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs')).toContain('playlist_id=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs');
    expect(youtubeFeedFor('https://www.youtube.com/@Google')).toBeNull();
    expect(youtubeChannelIdInHtml('<script>var x = {"externalId":"UCK8sQmJBp8GCxrOtXWBpyEA"}</script>')).toBe('UCK8sQmJBp8GCxrOtXWBpyEA');
  });

  it('common paths at the site root', () => {
    expect(commonFeedPaths('https://site.example/a/b')).toContain('https://site.example/feed');
  });
});

describe('electron/feeds/parse/opml', () => {
  const opml = (file: string) => parseOpmlText(readFileSync(join(FIXTURES, 'imports/opml', file), 'utf8'));

  it('folders from nesting (text over title), OPML 2 category paths, feeds with only a title', () => {
    const newsboat = opml('newsboat-example.opml');
    expect(newsboat.find((e) => e.xmlUrl === 'https://example.com/feed.xml')).toMatchObject({ title: 'example.com website', folder: null });
    expect(newsboat.some((e) => e.folder?.startsWith('Blogs'))).toBe(true);
    expect(newsboat.every((e) => e.folder === null || !e.folder.includes('should be ignored'))).toBe(true);
    expect(opml('commafeed-opml_v2.0.xml')).toEqual([{ xmlUrl: 'https://hostname.local/commafeed/feed1.xml', title: 'feed1', htmlUrl: 'https://hostname.local/commafeed', folder: 'out1' }]);
    expect(opml('listparser-hier-4-mixed.xml')[0]!.folder).toBe('grouping');
    const category = parseOpmlText('<opml version="2.0"><body><outline text="f" category="tag,/parent/child" xmlUrl="https://a.example/f"/></body></opml>');
    expect(category[0]!.folder).toBe('parent/child');
  });

  it('every fixture reads, and what is written reads back the same', () => {
    for (const file of readdirSync(join(FIXTURES, 'imports/opml'))) expect(opml(file).length).toBeGreaterThan(0);
    const feeds = [
      { xmlUrl: 'https://a.example/feed?x=1&y=2', title: 'A & "B"', htmlUrl: 'https://a.example/', folder: 'News/Korea' },
      { xmlUrl: 'https://b.example/rss', title: 'B', htmlUrl: null, folder: null },
    ];
    const back = parseOpmlText(buildOpml({ title: 'Offprint', dateCreated: new Date(0), feeds }));
    expect(back).toEqual(feeds.map((f) => ({ ...f })).sort((a, b) => (a.folder ? 1 : 0) - (b.folder ? 1 : 0)));
  });
});
