import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Extractor } from '../../../electron/capture/extractor';
import { Library } from '../../../electron/library/library';
import { runCliCaptured } from '../../helpers/cli';
import { articleRecord } from '../../helpers/records';

/** `offprint tag`, `tags`, `list --tag` and `highlights` (issue 13), against a library made through the library itself. */
let dataDir: string;
const extractor = new Extractor();
afterAll(() => extractor.close());

const TEXT = 'The ferry left the harbour at dawn.\n\nIt carried a cargo of oranges to the island.';
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-cli-tags-'));
  const library = await Library.open({ dataDir });
  await library.addArticle({ record: articleRecord('ferry-0001', { title: 'The ferry' }), files: { bodyHtml: '<p>The ferry left the harbour at dawn.</p><p>It carried a cargo of oranges to the island.</p>', bodyText: TEXT, rawPage: null } });
  await library.addArticle({ record: articleRecord('storm-0001', { title: 'The storm' }), files: { bodyHtml: '<p>A storm.</p>', bodyText: 'A storm.', rawPage: null } });
  await library.close();
  return () => rm(dataDir, { recursive: true, force: true });
});

const run = (...argv: string[]) => runCliCaptured([...argv, '--data', dataDir], extractor);

describe('electron/cli (tags and highlights)', () => {
  it('tag adds and removes tags (several after one --add, any script), tags lists them, list --tag filters', async () => {
    const added = await run('tag', 'ferry-0001', '--add', 'Read later', '日本', '--add', 'Économie', '--json');
    expect(added).toMatchObject({ code: 0, out: [JSON.stringify({ id: 'ferry-0001', tags: ['Économie', 'Read later', '日本'] })] });
    expect((await run('tag', 'storm-0001', '--add', 'read later')).out).toEqual(['storm-0001  Read later']);
    expect((await run('tag', 'ferry-0001', '--remove', 'économie')).out).toEqual(['ferry-0001  Read later, 日本']);

    const listed = await run('tags');
    expect(listed.out).toEqual(['     2  Read later', '     1  日本']);
    expect((await run('tags', '--json')).out.map((l) => JSON.parse(l))).toEqual([
      { name: 'Read later', count: 2, createdAt: expect.any(String) },
      { name: '日本', count: 1, createdAt: expect.any(String) },
    ]);
    expect((await run('list', '--tag', '日本', '--json')).out.map((l) => JSON.parse(l).id)).toEqual(['ferry-0001']);
    const plain = (await run('list', '--tag', 'READ LATER')).out;
    expect(plain).toHaveLength(2);
    expect(plain[0]).toMatch(/^storm-0001 {2}\d{4}-\d\d-\d\d {2}The storm {2}\[Read later\]$/);
  });

  it('renames, merges and deletes a tag across the library', async () => {
    await run('tag', 'ferry-0001', '--add', 'news');
    await run('tag', 'storm-0001', '--add', 'weather', '--add', 'news');
    expect((await run('tags', 'rename', 'news', 'News')).out).toEqual(['Renamed "news" to "News" on 2 articles.']);
    expect((await run('tags', 'merge', 'weather', '--into', 'News')).out).toEqual(['Merged "weather" into "News" (2 articles).']);
    expect((await run('tags', 'delete', 'news')).out).toEqual(['Deleted the tag "News" from 2 articles.']);
    expect((await run('tags')).err).toEqual(['No tags yet (offprint tag <id> --add T adds one).']);
  });

  it('errors are clear and exit as the other commands do: 2 for usage, 1 for a failure', async () => {
    expect(await run('tag', 'ferry-0001')).toMatchObject({ code: 2, err: [expect.stringMatching(/tag needs --add T or --remove T/)] });
    expect(await run('tag', '--add', 'x')).toMatchObject({ code: 2 });
    expect(await run('tag', 'none-0000', '--add', 'x')).toMatchObject({ code: 1, err: ['offprint: There is no saved article with the id none-0000.'] });
    expect(await run('tag', 'ferry-0001', '--add', ' ')).toMatchObject({ code: 1, err: [expect.stringMatching(/A tag is 1 to 100 characters/)] });
    expect(await run('list', '--tag', 'Nope')).toMatchObject({ code: 1, err: ['offprint: There is no tag called "Nope" (offprint tags lists them).'] });
    expect(await run('tags', 'rename', 'Nope', 'Other')).toMatchObject({ code: 1, err: ['offprint: There is no tag called "Nope".'] });
    expect(await run('tags', 'explode')).toMatchObject({ code: 2 });
    expect(await run('highlights', '--format', 'pdf')).toMatchObject({ code: 2 });
    expect(await run('highlights', 'none-0000')).toMatchObject({ code: 1 });
  });

  it('highlights prints one article\'s or every highlight as Markdown or W3C JSON', async () => {
    const library = await Library.open({ dataDir });
    const start = TEXT.indexOf('a cargo of oranges');
    await library.addHighlight({ id: 'ferry-0001', start, end: start + 18, note: 'Oranges!' });
    await library.addHighlight({ id: 'storm-0001', start: 0, end: 7, color: 'blue' });
    await library.close();
    const one = await run('highlights', 'ferry-0001');
    expect(one.code).toBe(0);
    const markdown = one.out.join('\n');
    expect(markdown).toContain('## The ferry');
    expect(markdown).toContain('> a cargo of oranges');
    expect(markdown).toContain('Oranges!');
    expect(markdown).not.toContain('The storm');
    const json = JSON.parse((await run('highlights', '--format', 'json')).out.join('\n'));
    expect(json.first.items.map((i: { target: { selector: { exact: string }[] } }) => i.target.selector[0]!.exact).sort()).toEqual(['A storm', 'a cargo of oranges']);
  });
});
