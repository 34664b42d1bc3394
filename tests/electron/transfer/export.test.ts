import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Extractor } from '../../../electron/capture/extractor';
import { Library } from '../../../electron/library/library';
import { createOffprintService, type OffprintService } from '../../../electron/service';
import { parseNetscape } from '../../../electron/transfer/formats/bookmark-html';
import { FIXTURES, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';

const run = promisify(execFile);
/** Debian's epubcheck is a jar (its /usr/bin link relies on binfmt); run it with java. */
const epubcheck = (path: string) => run('java', ['-jar', '/usr/share/java/epubcheck.jar', path], { maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout: string; stderr: string }) => error);
const extractor = new Extractor();
let server: FixtureServer;
let root: string;
let library: Library;
let service: OffprintService;
const ids: Record<string, string> = {};

async function openService(dataDir: string): Promise<{ library: Library; service: OffprintService }> {
  const lib = await Library.open({ dataDir });
  return { library: lib, service: createOffprintService(lib, { extractor, transfer: { autoStart: false } }) };
}

/** Everything a library holds of each article: its record, its whole state, its files. */
async function contents(lib: Library): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const id of lib.allIds()) {
    const record = lib.articleRecord(id);
    const files = record.download ? null : await lib.articleFiles(id);
    const images = files ? await Promise.all(files.images.map(async (name) => [name, Buffer.from(await lib.articleImage(id, name)).toString('base64')])) : [];
    out.push({ record, state: lib.stateOf(id), files: files && { ...files, rawPage: files.rawPage ? Buffer.from(files.rawPage).toString('base64') : null, images } });
  }
  return out;
}

beforeAll(async () => {
  server = await startFixtureServer(FIXTURES);
  root = await mkdtemp(join(tmpdir(), 'offprint-export-'));
  ({ library, service } = await openService(join(root, 'source')));
  const save = async (key: string, path: string) => {
    ids[key] = (await service.saveArticle({ source: { kind: 'url', url: `${server.url}/${path}` } })).article.id;
  };
  await save('korean', 'pages/asiae-korea-ukraine/source.html');
  await save('hangul', 'pages/asiae-korean-euckr/source.html');
  await save('rtl', 'readability/rtl-1/source.html');
  await save('chinese', 'readability/qq/source.html');
  await save('guardian', 'readability/guardian-1/source.html');
  // Every kind of state an article can have.
  const k = ids.korean!;
  await service.addTags({ id: k, tags: ['Read later', 'Über/Sub', '日本'] });
  await service.setBookmarked({ id: k, bookmarked: true });
  await service.saveProgress({ id: k, position: { block: 2, offset: 0 }, progress: 40 });
  await service.addPlaceBookmark({ id: k, position: { block: 1, offset: 0 }, snippet: 'here', note: 'a place' });
  const text = await library.articleText({ id: k });
  await service.addHighlight({ id: k, start: 10, end: 40, note: 'a note on it', color: 'green' });
  expect(text.length).toBeGreaterThan(40);
  await service.setArticleNote({ id: k, note: 'My note on the whole article' });
  await service.setArchived({ id: ids.guardian!, archived: true });
  await service.setRead({ id: ids.rtl!, read: true });
  // And one waiting to be downloaded (an import with --no-download).
  await service.importFile({ file: { name: 'list.txt', text: 'https://waiting.example/page\n' }, download: false });
}, 120_000);

afterAll(async () => {
  await service.close();
  await server.close();
  await extractor.close();
  await rm(root, { recursive: true, force: true });
});

describe('electron/transfer/export', () => {
  it('Offprint JSON is lossless: imported into an empty library it gives the same library, and again adds nothing', async () => {
    const result = await service.exportArticles({ format: 'json' });
    expect(result).toMatchObject({ format: 'json', articles: 6 });
    expect(result.path.startsWith(join(root, 'source', 'exports'))).toBe(true);
    const copy = await openService(join(root, 'copy'));
    try {
      const bytes = await readFile(result.path);
      const { import: s } = await copy.service.importFile({ file: { name: result.filename, base64: bytes.toString('base64') } });
      expect(s).toMatchObject({ format: 'offprint', imported: 6, duplicates: 0, highlights: 1 });
      expect(await contents(copy.library)).toEqual(await contents(library));
      const again = await copy.service.importFile({ file: { name: result.filename, base64: bytes.toString('base64') } });
      expect(again.import).toMatchObject({ imported: 0, duplicates: 6 });
      expect(copy.library.size).toBe(6);
      // The copy reads as the original: its body, its images (by the copy's own addresses), its highlight placed.
      const article = await copy.service.getArticle({ id: ids.korean! });
      expect(article.highlights[0]!.anchor.status).toBe('exact');
      expect(article.tags.sort()).toEqual(['Read later', 'Über/Sub', '日本'].sort());
    } finally {
      await copy.service.close();
    }
  });

  it('a selection by tag, by view or by ids; an unknown id or tag is refused', async () => {
    expect((await service.exportArticles({ format: 'netscape', tag: '日本' })).articles).toBe(1);
    expect((await service.exportArticles({ format: 'netscape', view: 'archived' })).articles).toBe(1);
    expect((await service.exportArticles({ format: 'netscape', ids: [ids.rtl!, ids.chinese!] })).articles).toBe(2);
    await expect(service.exportArticles({ format: 'json', ids: ['nope-nope'] })).rejects.toThrow(/no saved article/);
    await expect(service.exportArticles({ format: 'json', tag: 'no such tag' })).rejects.toThrow(/No article has the tag/);
  });

  it('standalone HTML: images inside as data: addresses, nothing fetched from elsewhere', async () => {
    const one = await service.exportArticles({ format: 'html', ids: [ids.korean!] });
    const html = await readFile(one.path, 'utf8');
    expect(one.path.endsWith('.html')).toBe(true);
    expect(html).toContain('data:image/png;base64,');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/\ssrc="(https?:|\/assets\/)/);
    expect(html).toContain(`<html lang="${library.summary(ids.korean!).lang}"`);
    const many = await service.exportArticles({ format: 'html' });
    const files = unzipSync(new Uint8Array(await readFile(many.path)));
    expect(Object.keys(files).filter((n) => n.endsWith('.html'))).toHaveLength(7); // six articles and the index
    expect(strFromU8(files['index.html']!)).toContain('<a href=');
  });

  it('Markdown: a folder per article with index.md (front matter, text, highlights as quotes with notes) and its images', async () => {
    const result = await service.exportArticles({ format: 'markdown' });
    const files = unzipSync(new Uint8Array(await readFile(result.path)));
    const names = Object.keys(files);
    const korean = names.find((n) => n.endsWith('/index.md') && strFromU8(files[n]!).includes(`offprint_id: "${ids.korean}"`))!;
    const md = strFromU8(files[korean]!);
    expect(md.startsWith('---\ntitle: ')).toBe(true);
    expect(md).toMatch(/tags:\n {2}- "Read later"/);
    expect(md).toContain('bookmarked: true');
    expect(md).toContain('## Highlights');
    expect(md).toMatch(/^> .+\n\na note on it/m);
    expect(md).toContain('My note on the whole article');
    const image = /!\[[^\]]*\]\((images\/[0-9a-f]{32}\.png)\)/.exec(md)?.[1];
    expect(image).toBeTruthy();
    expect(names).toContain(`${korean.split('/')[0]}/${image}`);
  });

  it('EPUB 3 of a selection (Korean, Chinese, right-to-left) with a table of contents and images passes epubcheck', async () => {
    const result = await service.exportArticles({ format: 'epub', ids: [ids.korean!, ids.hangul!, ids.chinese!, ids.rtl!] });
    const files = unzipSync(new Uint8Array(await readFile(result.path)));
    expect(strFromU8(files.mimetype!)).toBe('application/epub+zip');
    const nav = strFromU8(files['OEBPS/nav.xhtml']!);
    expect((nav.match(/<li>/g) ?? []).length).toBe(4);
    const chapters = Object.keys(files).filter((n) => /OEBPS\/c\d+\.xhtml$/.test(n)).map((n) => strFromU8(files[n]!));
    expect(chapters.some((c) => /lang="ko"/.test(c))).toBe(true);
    expect(chapters.some((c) => /lang="zh[^"]*"/.test(c))).toBe(true);
    expect(chapters.some((c) => /dir="rtl"/.test(c))).toBe(true);
    expect(Object.keys(files).some((n) => n.startsWith('OEBPS/images/'))).toBe(true);
    const { stdout, stderr } = await epubcheck(result.path);
    expect(`${stdout}\n${stderr}`).toMatch(/No errors or warnings detected/);
    const single = await service.exportArticles({ format: 'epub', ids: [ids.rtl!] });
    const check = await epubcheck(single.path);
    expect(`${check.stdout}\n${check.stderr}`).toMatch(/No errors or warnings detected/);
  }, 120_000);

  it('Netscape bookmarks with tags, dates and TOREAD, which Offprint (and browsers) read back', async () => {
    const result = await service.exportArticles({ format: 'netscape' });
    const text = await readFile(result.path, 'utf8');
    expect(text.startsWith('<!DOCTYPE NETSCAPE-Bookmark-file-1>')).toBe(true);
    const parsed = parseNetscape(text);
    expect(parsed.entries).toHaveLength(6);
    const korean = parsed.entries.find((e) => e.url === library.summary(ids.korean!).url)!;
    expect(korean.tags.sort()).toEqual(['Read later', 'Über/Sub', '日本'].sort());
    expect(korean.savedAt).toBe(new Date(Math.floor(Date.parse(library.summary(ids.korean!).savedAt) / 1000) * 1000).toISOString());
    expect(parsed.entries.find((e) => e.url === library.summary(ids.rtl!).url)!.read).toBe(true);
    expect(korean.read).toBe(false);
  });

  it('OPML for the feeds', async () => {
    await service.importOpml({ opml: await readFile(join(FIXTURES, 'imports/opml/commafeed-opml_v2.0.xml'), 'utf8') });
    const result = await service.exportArticles({ format: 'opml' });
    const opml = await readFile(result.path, 'utf8');
    expect(opml).toContain('<opml');
    expect(opml).toContain('xmlUrl=');
    expect(result.articles).toBe(1);
  });
});
