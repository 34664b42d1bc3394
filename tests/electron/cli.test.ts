import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Extractor } from '../../electron/capture/extractor';
import { Library } from '../../electron/library/library';
import { runCliCaptured } from '../helpers/cli';
import { FIXTURES, useFixtureServer } from '../helpers/fixture-server';

let dataDir: string;
const extractor = new Extractor();

const server = useFixtureServer(join(FIXTURES, 'pages'), extractor);
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-cli-'));
  return () => rm(dataDir, { recursive: true, force: true });
});

function run(...argv: string[]) {
  return runCliCaptured(argv, extractor);
}

describe('electron/cli', () => {
  it('save --json prints one line per input, in order, saving the good ones and failing the bad ones', async () => {
    const seed = `${server.url}/asiae-korea-ukraine/source.html`;
    const { code, out } = await run('save', 'javascript:alert(1)', seed, 'not a url', 'file:///etc/passwd', '--data', dataDir, '--json');
    expect(code).toBe(1);
    const lines = out.map((l) => JSON.parse(l));
    expect(lines.map((l) => l.url)).toEqual(['javascript:alert(1)', seed, 'not a url', 'file:///etc/passwd']);
    expect(lines[0].error.code).toBe('unsupported-scheme');
    expect(lines[2].error.code).toBe('invalid-url');
    expect(lines[3].error.code).toBe('unsupported-scheme');
    expect(lines[1]).toMatchObject({
      title: 'South Korea "Considering Providing Lethal Weapons to Ukraine"... Putin Calls It "A Very Big Mistake"',
      siteName: 'The Asia Business Daily',
      lang: 'en',
      publishedTime: '2024-06-20T21:15:00+09:00',
      canonicalUrl: 'https://www.asiae.co.kr/en/article/2024062021150000001',
      duplicate: false,
    });
    expect(Object.keys(lines[1])).toEqual(
      expect.arrayContaining(['url', 'id', 'title', 'byline', 'siteName', 'lang', 'dir', 'publishedTime', 'canonicalUrl', 'wordCount']),
    );

    const list = await run('list', '--data', dataDir, '--json');
    expect(list.out.map((l) => JSON.parse(l).id)).toEqual([lines[1].id]);

    const shown = await run('show', lines[1].id, '--data', dataDir, '--format', 'text');
    expect(shown.code).toBe(0);
    const expected = JSON.parse(await readFile(join(FIXTURES, 'pages/asiae-korea-ukraine/expected.json'), 'utf8'));
    const text = shown.out.join('\n');
    for (const p of expected.mustContain) expect(text).toContain(p);
    for (const p of expected.mustNotContain) expect(text).not.toContain(p);
  });

  it('a bad address alone exits non-zero and leaves the library empty', async () => {
    const { code, err } = await run('save', 'javascript:alert(1)', '--data', dataDir);
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/only saves web pages/);
    expect((await Library.open({ dataDir })).size).toBe(0);
    expect(await readdir(join(dataDir, 'articles'))).toEqual([]);
  });

  it('saves .txt and .html files', async () => {
    const txt = join(dataDir, 'a.txt');
    await writeFile(txt, 'A headline in a text file\n\nThe first paragraph of it.\n\nThe second paragraph, longer than the chrome.');
    const { code, out } = await run('save', txt, join(FIXTURES, 'pages/asiae-korean-euckr/source.html'), '--data', dataDir, '--json');
    expect(code).toBe(0);
    const [a, b] = out.map((l) => JSON.parse(l));
    expect(a.title).toBe('A headline in a text file');
    expect(b.title).toBe('푸틴 "한국, 우크라이나에 살상무기 제공하면 큰 실수"');
  });

  it('lists bookmarked articles only with --bookmarked, and shows json and html', async () => {
    const txt = join(dataDir, 'a.txt');
    await writeFile(txt, 'Another headline for the list\n\nBody paragraph one is here.');
    const saved = JSON.parse((await run('save', txt, '--data', dataDir, '--json')).out[0]!);
    expect((await run('list', '--bookmarked', '--data', dataDir, '--json')).out).toEqual([]);
    const json = JSON.parse((await run('show', saved.id, '--data', dataDir, '--format', 'json')).out.join('\n'));
    expect(json.title).toBe('Another headline for the list');
    expect((await run('show', saved.id, '--data', dataDir, '--format', 'html')).out.join('')).toContain('<p>Body paragraph one is here.</p>');
  });

  it('explains usage errors and unknown ids', async () => {
    expect((await run('frobnicate', '--data', dataDir)).code).toBe(2);
    expect((await run('show', '--data', dataDir)).code).toBe(2);
    expect((await run('show', 'x', '--format', 'pdf', '--data', dataDir)).code).toBe(2);
    expect((await run('save', '--bogus')).code).toBe(2);
    const missing = await run('show', 'zzzz-0000', '--data', dataDir);
    expect(missing.code).toBe(1);
    expect(missing.err.join('')).toMatch(/no saved article/);
    const badId = await run('show', '../../etc/passwd', '--data', dataDir);
    expect(badId.code).toBe(1);
    expect(badId.err.join('')).toMatch(/Invalid arguments/);
  });

  it('a repair on open is told on stderr, with what was lost and where the damaged file is, while stdout stays clean', async () => {
    const saved = await run('save', join(FIXTURES, 'pages/asiae-korea-ukraine/source.html'), '--data', dataDir, '--json');
    expect(saved.code).toBe(0);
    // A writing command takes a backup as it opens a library with something in it (not an empty one).
    expect(await readdir(dataDir)).not.toContain('backups');
    expect((await run('save', join(FIXTURES, 'pages/asiae-korea-ukraine/source.html'), '--data', dataDir)).code).toBe(0);
    expect(await readdir(join(dataDir, 'backups'))).toHaveLength(1);
    // A bookmark after the backup is what a damaged state file loses.
    const id = JSON.parse(saved.out[0]!).id as string;
    const library = await Library.open({ dataDir });
    await library.setBookmarked({ id, bookmarked: true });
    await library.close();
    await writeFile(join(dataDir, 'index', '000000.state.json'), Buffer.alloc(40));

    const listed = await run('list', '--data', dataDir, '--json');
    expect(listed.code).toBe(0);
    expect(listed.out.map((l) => JSON.parse(l).id)).toHaveLength(2);
    expect(listed.out.map((l) => JSON.parse(l).id)).toContain(id);
    expect(listed.err[0]).toBe('offprint: the library was repaired when it opened.');
    // The backup was taken before the first bookmark created the state file: as of the backup, there was none.
    expect(listed.err[1]).toMatch(/^offprint: index\/000000\.state\.json was damaged \(it is filled with zero bytes\); the backup of \d{4}-\d\d-\d\d \d\d:\d\d UTC was taken before it existed, so it was removed\.$/);
    expect(listed.err[2]).toMatch(/^offprint: Bookmarks, reading positions, read or archived marks, tags, highlights and notes changed since .* are lost\.$/);
    expect(listed.err[3]).toMatch(new RegExp(`^offprint: The damaged files are kept in ${join(dataDir, 'recovered').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`));
    expect((await run('list', '--data', dataDir, '--bookmarked', '--json')).out).toEqual([]);
    // Told once: the next command opens a sound library.
    expect((await run('list', '--data', dataDir)).err).toEqual([]);
  });
});
