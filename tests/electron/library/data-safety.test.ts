// Issue 17, written first against the code before the redesign: each of these must fail there.
import { mkdtemp, readdir, rm, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../electron/library/library';
import { takeRollingBackup } from '../../../electron/library/rolling-backups';
import { articleRecord } from '../../helpers/records';

let dataDir: string;
let clock: number;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-safety-'));
  clock = Date.parse('2026-03-01T08:00:00.000Z');
  return () => rm(dataDir, { recursive: true, force: true });
});
const now = () => new Date((clock += 1000));
const open = () => Library.open({ dataDir, now });
const files = (id: string) => ({ bodyHtml: `<p>Body of ${id}</p>`, bodyText: `Body of ${id}`, rawPage: null });
const idOf = (i: number) => `art-${String(i).padStart(5, '0')}`;
const shardFile = (n: number) => join(dataDir, 'index', `${String(n).padStart(6, '0')}.articles.jsonl`);

async function addRange(library: Library, from: number, count: number) {
  const items = Array.from({ length: count }, (_, k) => ({ record: articleRecord(idOf(from + k)), files: files(idOf(from + k)) }));
  await library.addArticles({ items });
}

describe('issue 17 probes', () => {
  it('17.1 an un-bookmark after a repair moved the article is not undone at the next open', async () => {
    const library = await open();
    await addRange(library, 0, 456);
    await takeRollingBackup(dataDir, 'scheduled', now());
    await addRange(library, 456, 100);
    const late = idOf(500);
    await library.setBookmarked({ id: late, bookmarked: true });
    await library.close();
    const size = (await stat(shardFile(1))).size;
    await truncate(shardFile(1), size - 200);
    const repaired = await open();
    await repaired.flush();
    expect(repaired.summary(late).bookmarked).toBe(true);
    await repaired.setBookmarked({ id: late, bookmarked: false });
    await repaired.close();
    const reopened = await open();
    await reopened.flush();
    expect(reopened.summary(late).bookmarked).toBe(false);
    await reopened.close();
  });

  it('17.4 losing index/ keeps bookmarks from the newest rolling backup and tells the reader', async () => {
    const library = await open();
    await addRange(library, 0, 5);
    await library.setBookmarked({ id: idOf(2), bookmarked: true });
    await takeRollingBackup(dataDir, 'scheduled', now());
    await library.close();
    await rm(join(dataDir, 'index'), { recursive: true });
    const reopened = await open();
    await reopened.flush();
    expect(reopened.size).toBe(5);
    expect(reopened.summary(idOf(2)).bookmarked).toBe(true);
    expect((await reopened.listNotices()).length).toBe(1);
    await reopened.close();
  });

  it('17.5 a repair never deletes an article folder that lacks body.html', async () => {
    const library = await open();
    await addRange(library, 0, 3);
    await takeRollingBackup(dataDir, 'scheduled', now());
    await library.close();
    await unlink(join(dataDir, 'articles', idOf(1), 'body.html'));
    await writeFile(shardFile(0), 'garbage');
    const reopened = await open();
    await reopened.flush();
    expect(await readdir(join(dataDir, 'articles'))).toContain(idOf(1));
    expect(reopened.has(idOf(1))).toBe(true);
    await reopened.close();
  });
});
