import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { SHARD_CAPACITY } from '../../../electron/library/article-index';
import { Library } from '../../../electron/library/library';
import { RECOVERED_DIR } from '../../../electron/library/layout';
import { articleRecordSchema } from '../../../electron/library/schema';
import { parseShard, serializeShard } from '../../../electron/library/shard-file';
import { listRollingBackups, takeRollingBackup } from '../../../electron/library/rolling-backups';
import { articleRecord } from '../../helpers/records';


let dataDir: string;
let clock: number;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-recover-'));
  clock = Date.parse('2026-03-01T08:00:00.000Z');
  return () => rm(dataDir, { recursive: true, force: true });
});

/** A clock that moves a second per reading, so saves and backups are ordered. */
const now = () => new Date((clock += 1000));
const open = () => Library.open({ dataDir, now });
const files = (id: string) => ({ bodyHtml: `<p>Body of ${id}</p>`, bodyText: `Body of ${id}`, rawPage: null });
const idOf = (i: number) => `art-${String(i).padStart(5, '0')}`;
const shardFile = (n = 0) => join(dataDir, 'index', `${String(n).padStart(6, '0')}.articles.jsonl`);
const stateFile = (n = 0) => join(dataDir, 'index', `${String(n).padStart(6, '0')}.state.json`);

async function add(library: Library, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) await library.addArticle({ record: articleRecord(idOf(i), { title: `Title ${i}` }), files: files(idOf(i)) });
}

/** Everything a reader sees of a library, to compare before and after a repair. */
async function seen(library: Library) {
  const ids = library.listArticles({ view: 'all', offset: 0, limit: 1000 }).items.map((a) => a.id);
  const archived = library.listArticles({ view: 'archived', offset: 0, limit: 1000 }).items.map((a) => a.id);
  return {
    ids: [...ids, ...archived].sort(),
    titles: Object.fromEntries(await Promise.all([...ids, ...archived].map(async (id) => [id, (await library.getArticle({ id })).title]))),
    bookmarked: library.listArticles({ view: 'bookmarked', offset: 0, limit: 1000 }).items.map((a) => a.id).sort(),
    settings: library.getSettings(),
  };
}

/** Each kind of damage, and how the notice describes it. */
const damages: [string, (file: string) => Promise<void>, RegExp][] = [
  ['truncated', async (file) => truncate(file, Math.floor((await stat(file)).size / 2)), /it is \d+ bytes long, its header says \d+/],
  ['zero-filled', async (file) => writeFile(file, Buffer.alloc((await stat(file)).size)), /it is filled with zero bytes/],
  ['invalid JSON', async (file) => writeFile(file, '{"schemaVersion":2,"ids":["a"\n'), /its header line is not JSON/],
  ['valid JSON of the wrong shape', async (file) => writeFile(file, `${JSON.stringify({ articles: 'none', hello: [1, 2, 3] })}\n`), /its header is not in a shape Offprint understands/],
];

describe('electron/library/recover', () => {
  it.each(damages)('an index shard %s is moved aside, restored from the newest backup, and later articles come back from their folders', async (_name, damage, reason) => {
    const library = await open();
    await add(library, 0, 3);
    await library.setBookmarked({ id: idOf(1), bookmarked: true });
    await takeRollingBackup(dataDir, 'scheduled', now());
    await add(library, 3, 2);
    await library.deleteArticle({ id: idOf(0) });
    await library.setBookmarked({ id: idOf(4), bookmarked: true });
    await library.updateSettings({ patch: { theme: 'dark' } });
    await library.close();
    const before = await seen(library);
    const damagedBytes = await (async () => {
      await damage(shardFile());
      return readFile(shardFile());
    })();

    const repaired = await open();
    // Nothing the reader had is lost: the backup gives 1 and 2 (0 was deleted since), the folders give 3 and 4.
    expect(await seen(repaired)).toEqual(before);
    expect(repaired.repairNotice).not.toBeNull();
    const notice = repaired.repairNotice!;
    expect(notice.lines[0]).toMatch(new RegExp(`^index/000000\\.articles\\.jsonl was damaged \\(${reason.source}\\); restored from the backup of 2026-03-01 08:00 UTC\\.$`));
    expect(notice.lines).toContain('2 articles were put back into the library from their folders.');
    // The damaged file is kept, byte for byte.
    expect(await readFile(join(notice.keptIn, 'index', '000000.articles.jsonl'))).toEqual(damagedBytes);
    expect(notice.keptIn.startsWith(join(dataDir, RECOVERED_DIR))).toBe(true);
    expect(await repaired.listNotices()).toEqual([notice]);
    await repaired.close();

    // The repaired library opens cleanly: no second repair, and the notice stays until dismissed.
    const again = await open();
    expect(again.repairNotice).toBeNull();
    expect(await seen(again)).toEqual(before);
    expect((await again.listNotices()).map((n) => n.id)).toEqual([notice.id]);
    await again.dismissNotice({ id: notice.id });
    expect(await again.listNotices()).toEqual([]);
    await expect(again.dismissNotice({ id: '2020-01-01T00-00-00-000Z' })).rejects.toMatchObject({ code: 'not-found' });
    await again.close();
  });

  const libraryFiles: [string, () => string][] = [
    ['index/000000.articles.jsonl', () => shardFile()],
    ['index/000000.state.json', () => stateFile()],
    ['settings.json', () => join(dataDir, 'settings.json')],
  ];
  const cases = libraryFiles.flatMap(([name, file]) => damages.map(([kind, damage]) => [name, kind, file, damage] as const));
  it.each(cases)('%s %s: moved aside byte for byte, restored, and everything the backup holds is back', async (name, _kind, file, damage) => {
    const library = await open();
    await add(library, 0, 3);
    await library.setBookmarked({ id: idOf(2), bookmarked: true });
    await library.setArchived({ id: idOf(0), archived: true });
    await library.updateSettings({ patch: { font: 'legible', textSize: 24 } });
    await takeRollingBackup(dataDir, 'scheduled', now());
    await library.close();
    const before = await seen(library);
    await damage(file());
    const damaged = await readFile(file());
    const repaired = await open();
    expect(await seen(repaired)).toEqual(before);
    expect(repaired.repairNotice!.lines[0]).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')} was damaged \\(.+\\); restored from the backup of 2026-03-01 08:00 UTC\\.$`));
    expect(await readFile(join(repaired.repairNotice!.keptIn, ...name.split('/')))).toEqual(damaged);
    await repaired.close();
    expect((await open()).repairNotice).toBeNull();
  });

  it('with no backup at all, a damaged shard is rebuilt from the article folders alone', async () => {
    const library = await open();
    await add(library, 0, 4);
    await library.close();
    const before = await seen(library);
    await writeFile(shardFile(), 'garbage\n');
    const repaired = await open();
    expect(await seen(repaired)).toEqual(before);
    expect(repaired.repairNotice!.lines).toEqual([
      'index/000000.articles.jsonl was damaged (its header line is not JSON); no backup had an intact copy of it.',
      '4 articles were put back into the library from their folders.',
    ]);
    // Records come back whole, from each folder's record.json.
    for (const item of repaired.listArticles({ view: 'all', offset: 0, limit: 10 }).items) expect(item.title).toBe(`Title ${Number(item.id.slice(4))}`);
  });

  it('a later shard damaged: its articles come back, each with the bookmarks its state file still holds', async () => {
    const library = await open();
    await library.addArticles({ items: Array.from({ length: SHARD_CAPACITY + 3 }, (_, i) => ({ record: articleRecord(idOf(i)), files: files(idOf(i)) })) });
    await library.setBookmarked({ id: idOf(SHARD_CAPACITY + 1), bookmarked: true });
    await library.saveProgress({ id: idOf(SHARD_CAPACITY + 2), position: { block: 2, offset: 0 }, progress: 30 });
    await library.close();
    await writeFile(shardFile(1), '');
    const repaired = await open();
    expect(repaired.size).toBe(SHARD_CAPACITY + 3);
    expect(repaired.summary(idOf(SHARD_CAPACITY + 1)).bookmarked).toBe(true);
    expect(repaired.summary(idOf(SHARD_CAPACITY + 2)).progress).toBe(30);
    expect(repaired.repairNotice!.lines).toContain('3 articles were put back into the library from their folders.');
  });

  it('an article another shard now lists is not restored a second time from an older backup', async () => {
    const library = await open();
    await add(library, 0, 3);
    await takeRollingBackup(dataDir, 'scheduled', now());
    await library.close();
    // As an earlier repair leaves it: article 2 put back into another shard since the backup.
    const content = parseShard(await readFile(shardFile()));
    await writeFile(shardFile(1), serializeShard({ ids: content.ids.slice(2), urlKeys: content.urlKeys.slice(2), lines: content.lines.slice(2) }));
    await writeFile(shardFile(), serializeShard({ ids: content.ids.slice(0, 2), urlKeys: content.urlKeys.slice(0, 2), lines: content.lines.slice(0, 2) }));
    const before = await open();
    expect(before.listArticles({}).items.map((a) => a.id)).toEqual([idOf(2), idOf(1), idOf(0)]);
    await before.close();
    await writeFile(shardFile(), 'damaged\n');
    const repaired = await open();
    expect(repaired.listArticles({}).items.map((a) => a.id)).toEqual([idOf(2), idOf(1), idOf(0)]);
    expect(repaired.listArticles({}).total).toBe(3);
    expect(repaired.repairNotice!.lines).toContain('No articles were lost.');
  });

  it('a damaged state file is restored from the backup, and the notice says what changed since is lost', async () => {
    const library = await open();
    await add(library, 0, 3);
    await library.setBookmarked({ id: idOf(0), bookmarked: true });
    const backup = await takeRollingBackup(dataDir, 'scheduled', now());
    await library.setBookmarked({ id: idOf(1), bookmarked: true });
    await library.close();
    await writeFile(stateFile(), '{"schemaVersion":2,"bookmarks":{');
    const repaired = await open();
    expect(repaired.listArticles({ view: 'bookmarked' }).items.map((a) => a.id)).toEqual([idOf(0)]);
    expect(repaired.size).toBe(3);
    const [first, second] = repaired.repairNotice!.lines;
    expect(first).toMatch(/^index\/000000\.state\.json was damaged \(.+\); restored from the backup of 2026-03-01 08:00 UTC\.$/);
    expect(second).toBe('Bookmarks, reading positions, read or archived marks, tags, highlights and notes changed since 2026-03-01 08:00 UTC for the articles it covers are lost.');
    expect(backup?.createdAt.startsWith('2026-03-01T08:00')).toBe(true);
  });

  it('a damaged settings.json brings back the backed-up settings, or the defaults when there is no backup', async () => {
    const library = await open();
    await add(library, 0, 1);
    await library.updateSettings({ patch: { textSize: 24, theme: 'sepia' } });
    await takeRollingBackup(dataDir, 'scheduled', now());
    await library.updateSettings({ patch: { textSize: 28 } });
    await library.close();
    await writeFile(join(dataDir, 'settings.json'), Buffer.alloc(64));
    const repaired = await open();
    expect(repaired.getSettings()).toMatchObject({ textSize: 24, theme: 'sepia' });
    expect(repaired.repairNotice!.lines.at(-1)).toBe('Settings changed since 2026-03-01 08:00 UTC are lost.');
    await repaired.close();

    await rm(join(dataDir, 'backups'), { recursive: true });
    await writeFile(join(dataDir, 'settings.json'), '[]');
    const reset = await open();
    expect(reset.getSettings()).toMatchObject({ textSize: 18, theme: 'system' });
    expect(reset.repairNotice!.lines).toEqual(['settings.json was damaged (it is not in a shape Offprint understands); no backup had an intact copy of it.', 'Settings are back to their defaults.']);
    expect(reset.size).toBe(1);
    // Two repairs, two notices, oldest first.
    expect((await reset.listNotices()).length).toBe(2);
  });

  it('skips a backup whose copy does not match its manifest and uses the next older one', async () => {
    const library = await open();
    await add(library, 0, 2);
    await library.setBookmarked({ id: idOf(0), bookmarked: true });
    await takeRollingBackup(dataDir, 'scheduled', now());
    await library.setBookmarked({ id: idOf(1), bookmarked: true });
    await takeRollingBackup(dataDir, 'scheduled', now());
    await library.close();
    const [newest, older] = await listRollingBackups(dataDir);
    // The newest backup's state file is damaged too (same length, different bytes).
    const copy = join(newest!.dir, 'index', '000000.state.json');
    const bytes = await readFile(copy);
    bytes[bytes.length - 3] = 0x20;
    await writeFile(copy, bytes);
    await writeFile(stateFile(), 'x');
    const repaired = await open();
    expect(repaired.listArticles({ view: 'bookmarked' }).items.map((a) => a.id)).toEqual([idOf(0)]);
    expect(repaired.repairNotice!.lines[0]).toContain(`restored from the backup of ${older!.createdAt.replace('T', ' ').slice(0, 16)} UTC`);
  });

  it('several damaged files are all repaired in one open, with one notice', async () => {
    const library = await open();
    await add(library, 0, 2);
    await library.setArchived({ id: idOf(1), archived: true });
    await library.updateSettings({ patch: { font: 'sans' } });
    await takeRollingBackup(dataDir, 'scheduled', now());
    await library.close();
    for (const file of [shardFile(), stateFile(), join(dataDir, 'settings.json')]) await writeFile(file, '\0\0\0');
    const repaired = await open();
    expect(repaired.listArticles({ view: 'all' }).items.map((a) => a.id)).toEqual([idOf(0)]);
    expect(repaired.listArticles({ view: 'archived' }).items.map((a) => a.id)).toEqual([idOf(1)]);
    expect(repaired.getSettings().font).toBe('sans');
    expect(repaired.repairNotice!.lines.filter((l) => l.includes('was damaged'))).toHaveLength(3);
    expect(repaired.repairNotice!.lines).toContain('No articles were lost.');
    expect(await readdir(repaired.repairNotice!.keptIn)).toEqual(expect.arrayContaining(['index', 'settings.json', 'report.json']));
  });

  it('a record damaged in place (same length) is found by the check after open and repaired while open', async () => {
    const library = await open();
    await add(library, 0, 3);
    await library.setBookmarked({ id: idOf(1), bookmarked: true });
    await library.close();
    const whole = await readFile(shardFile(), 'utf8');
    const bitRot = whole.replace('"title":"Title 1"', '"title":123456789');
    expect(bitRot.length).toBe(whole.length);
    await writeFile(shardFile(), bitRot);
    const opened = await open();
    // Opening reads headers only, so it sees nothing wrong yet.
    expect(opened.repairNotice).toBeNull();
    await opened.verified;
    expect(opened.repairNotice!.lines[0]).toMatch(/^index\/000000\.articles\.jsonl was damaged \(a record is not in a shape Offprint understands\); no backup had an intact copy of it\.$/);
    expect(opened.repairNotice!.lines).toContain('3 articles were put back into the library from their folders.');
    expect(opened.listArticles({}).items.map((a) => a.title)).toEqual(['Title 2', 'Title 1', 'Title 0']);
    expect(opened.listArticles({ view: 'bookmarked' }).items.map((a) => a.id)).toEqual([idOf(1)]);
    expect(await readFile(join(opened.repairNotice!.keptIn, 'index', '000000.articles.jsonl'), 'utf8')).toBe(bitRot);
    await opened.close();
    expect((await open()).listArticles({}).items).toHaveLength(3);
  });

  it('a damaged record read before the check reaches it fails that read once, and is repaired right after', async () => {
    const library = await open();
    await add(library, 0, 2);
    await library.close();
    await writeFile(shardFile(), (await readFile(shardFile(), 'utf8')).replace('"title":"Title 0"', '"title":{Title 0"'));
    const opened = await open();
    expect(() => opened.listArticles({})).toThrow(/000000\.articles\.jsonl is damaged/);
    await opened.flush();
    await opened.verified;
    expect(opened.listArticles({}).items.map((a) => a.title)).toEqual(['Title 1', 'Title 0']);
    expect(opened.repairNotice).not.toBeNull();
  });

  it('a record.json that is missing or damaged falls back to what the folder holds', async () => {
    const library = await open();
    await library.addArticle({ record: articleRecord('solo-0001', { title: 'Solo' }), files: { bodyHtml: '<p>x</p>', bodyText: 'The first line is the title\n\nAnd then a body.', rawPage: null } });
    await library.close();
    expect(articleRecordSchema.parse(JSON.parse(await readFile(join(dataDir, 'articles', 'solo-0001', 'record.json'), 'utf8'))).title).toBe('Solo');
    await writeFile(join(dataDir, 'articles', 'solo-0001', 'record.json'), '{');
    await writeFile(shardFile(), '');
    const repaired = await open();
    expect(repaired.summary('solo-0001')).toMatchObject({ title: 'The first line is the title', wordCount: 10 });
  });

  it('leaves a folder without a body alone (not an article) and never repairs what it cannot', async () => {
    const library = await open();
    await add(library, 0, 1);
    await library.close();
    await mkdir(join(dataDir, 'articles', 'half-0001'));
    await writeFile(shardFile(), '');
    const repaired = await open();
    expect(repaired.listArticles({}).items.map((a) => a.id)).toEqual([idOf(0)]);
    await repaired.close();
    expect(await readdir(join(dataDir, 'articles'))).toEqual([idOf(0)]);
  });
});

describe('electron/library/recover when a process stops part-way', () => {
  it.each([
    ['after writing the backup\'s copy', false],
    ['after moving the damaged shard aside', true],
  ])('a repair stopped %s loses nothing, and the reader is still told', async (_when, beforeCopy) => {
    const library = await open();
    await add(library, 0, 2);
    await takeRollingBackup(dataDir, 'scheduled', now());
    await add(library, 2, 2);
    await library.setBookmarked({ id: idOf(3), bookmarked: true });
    await library.close();
    const before = await seen(library);
    await writeFile(shardFile(), 'damaged\n');
    // Exactly what a kill leaves after the repair of the file, before its articles are put back and
    // its report finished; then also as if killed before the backup's copy was written.
    const { Repair } = await import('../../../electron/library/repair');
    const { DamagedFileError } = await import('../../../electron/library/damage');
    await Repair.forDataDir(dataDir, now()).repair(new DamagedFileError(shardFile(), 'test'));
    if (beforeCopy) await rm(shardFile());
    const reopened = await open();
    await reopened.flush();
    expect(await seen(reopened)).toEqual(before);
    const [notice] = await reopened.listNotices();
    expect(notice!.lines).toEqual([
      expect.stringMatching(/^index\/000000\.articles\.jsonl was damaged \(.+\); restored from the backup of 2026-03-01 08:00 UTC\.$/),
      'The repair was interrupted and finished when the library next opened; articles missing from the index were put back from their folders.',
    ]);
  });

  it('an interrupted save is finished at the next open: its whole folder is put into the index', async () => {
    const library = await open();
    await add(library, 0, 1);
    await library.close();
    // A folder placed, its index entry never written.
    await cp(join(dataDir, 'articles', idOf(0)), join(dataDir, 'articles', idOf(9)), { recursive: true });
    const record = JSON.parse(await readFile(join(dataDir, 'articles', idOf(9), 'record.json'), 'utf8'));
    await writeFile(join(dataDir, 'articles', idOf(9), 'record.json'), JSON.stringify({ ...record, id: idOf(9), title: 'Placed, not indexed' }));
    const reopened = await open();
    await reopened.flush();
    expect(reopened.summary(idOf(9)).title).toBe('Placed, not indexed');
    expect(reopened.repairNotice).toBeNull();
  });

  it('a delete stopped after its index change stays deleted, even when a repair puts articles back from their folders', async () => {
    const library = await open();
    await add(library, 0, 3);
    await takeRollingBackup(dataDir, 'scheduled', now());
    const kept = join(dataDir, '..', `${idOf(1)}-copy-${Date.now()}`);
    await cp(join(dataDir, 'articles', idOf(1)), kept, { recursive: true });
    await library.deleteArticle({ id: idOf(1) });
    await library.close();
    // What a kill leaves between the index change and removing the folder.
    await cp(kept, join(dataDir, 'articles', `${idOf(1)}.deleted-abcd1234`), { recursive: true });
    await rm(kept, { recursive: true });
    await writeFile(shardFile(), '\0');
    const repaired = await open();
    await repaired.flush();
    expect(repaired.has(idOf(1))).toBe(false);
    expect(repaired.listArticles({}).items.map((a) => a.id)).toEqual([idOf(2), idOf(0)]);
    expect(await readdir(join(dataDir, 'articles'))).toEqual([idOf(0), idOf(2)]);
  });

  it('a delete stopped before its index change is rolled back: the article is whole again', async () => {
    const library = await open();
    await add(library, 0, 2);
    await library.close();
    const { rename } = await import('node:fs/promises');
    await rename(join(dataDir, 'articles', idOf(1)), join(dataDir, 'articles', `${idOf(1)}.deleted-abcd1234`));
    const reopened = await open();
    await reopened.flush();
    expect((await reopened.getArticle({ id: idOf(1) })).html).toContain(`Body of ${idOf(1)}`);
  });

  it('nothing changes in the library folder after close() has returned', async () => {
    const library = await open();
    await add(library, 0, 3);
    await library.close();
    await writeFile(shardFile(), (await readFile(shardFile(), 'utf8')).replace('"title":"Title 1"', '"title":123456789'));
    const opened = await open();
    await opened.close();
    const list = async () => (await readdir(dataDir, { recursive: true })).map(String).sort();
    const atClose = await list();
    await new Promise((r) => setTimeout(r, 300));
    expect(await list()).toEqual(atClose);
  });
});

describe('electron/library/recover leaves alone what it must not repair', () => {
  it('an article saved again since the backup keeps its newer record', async () => {
    const library = await open();
    await library.addArticle({ record: articleRecord('same-0001', { title: 'Old title' }), files: files('same-0001') });
    await takeRollingBackup(dataDir, 'scheduled', now());
    await library.addArticle({ record: articleRecord('same-0001', { title: 'New title', wordCount: 3 }), files: { ...files('same-0001'), bodyHtml: '<p>new new new</p>' } });
    await library.close();
    await writeFile(shardFile(), 'damaged\n');
    const repaired = await open();
    expect(repaired.summary('same-0001')).toMatchObject({ title: 'New title', wordCount: 3 });
  });

  it('a file written by a newer Offprint is refused, not repaired, and nothing is changed', async () => {
    const library = await open();
    await add(library, 0, 1);
    await library.updateSettings({ patch: { theme: 'dark' } });
    await library.close();
    const shard = await readFile(shardFile(), 'utf8');
    await writeFile(shardFile(), shard.replace('"schemaVersion":2', '"schemaVersion":3'));
    await expect(open()).rejects.toMatchObject({ code: 'storage', message: expect.stringMatching(/newer version of Offprint \(format 3; this version reads up to format 2\)/) });
    await writeFile(shardFile(), shard);
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ schemaVersion: 7, settings: {}, more: 'things' }));
    await expect(open()).rejects.toMatchObject({ message: expect.stringContaining('format 7') });
    expect(await readdir(dataDir)).not.toContain(RECOVERED_DIR);
    expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8')).schemaVersion).toBe(7);
  });
});

describe('electron/library/recover with replacements and repairs left half done', () => {
  it('a replacement stopped between its two renames, and a damaged shard at the same open: the article is kept', async () => {
    const library = await open();
    await add(library, 0, 2);
    await takeRollingBackup(dataDir, 'scheduled', now());
    await library.close();
    const { rename } = await import('node:fs/promises');
    await rename(join(dataDir, 'articles', idOf(0)), join(dataDir, 'articles', `${idOf(0)}.old-abcd1234`));
    await writeFile(shardFile(), '\0\0');
    const repaired = await open();
    await repaired.flush();
    expect(repaired.listArticles({}).items.map((a) => a.id)).toEqual([idOf(1), idOf(0)]);
    expect((await repaired.getArticle({ id: idOf(0) })).html).toContain(`Body of ${idOf(0)}`);
    expect(repaired.repairNotice!.lines).toContain('No articles were lost.');
  });

  it('a replacement stopped after its new folder was in place, before its index change, is rolled back', async () => {
    const library = await open();
    await library.addArticle({ record: articleRecord('swap-0001', { title: 'Old title' }), files: files('swap-0001') });
    await library.close();
    const dir = join(dataDir, 'articles', 'swap-0001');
    await cp(dir, `${dir}.old-abcd1234`, { recursive: true });
    const record = JSON.parse(await readFile(join(dir, 'record.json'), 'utf8'));
    await writeFile(join(dir, 'record.json'), JSON.stringify({ ...record, title: 'New title' }));
    await writeFile(join(dir, 'body.html'), '<p>New body</p>');
    const reopened = await open();
    await reopened.flush();
    expect(reopened.summary('swap-0001').title).toBe('Old title');
    expect((await reopened.getArticle({ id: 'swap-0001' })).html).toBe('<p>Body of swap-0001</p>');
    expect(await readdir(join(dataDir, 'articles'))).toEqual(['swap-0001']);
  });

  it('a replacement whose index change was made but whose old copy was left: the new one stays', async () => {
    const library = await open();
    await library.addArticle({ record: articleRecord('swap-0002', { title: 'Old title' }), files: files('swap-0002') });
    const dir = join(dataDir, 'articles', 'swap-0002');
    await cp(dir, join(dataDir, `old-copy-${Date.now()}`), { recursive: true });
    await library.addArticle({ record: articleRecord('swap-0002', { title: 'New title' }), files: { ...files('swap-0002'), bodyHtml: '<p>New body</p>' } });
    await library.close();
    const [copy] = (await readdir(dataDir)).filter((n) => n.startsWith('old-copy-'));
    await cp(join(dataDir, copy!), `${dir}.old-abcd1234`, { recursive: true });
    await rm(join(dataDir, copy!), { recursive: true });
    const reopened = await open();
    await reopened.flush();
    expect(reopened.summary('swap-0002').title).toBe('New title');
    expect((await reopened.getArticle({ id: 'swap-0002' })).html).toBe('<p>New body</p>');
    expect(await readdir(join(dataDir, 'articles'))).toEqual(['swap-0002']);
  });

  it('an undo stopped between its renames (new copy marked deleted, old copy aside): the old article is kept', async () => {
    const library = await open();
    await library.addArticle({ record: articleRecord('undo-0001', { title: 'Old title' }), files: files('undo-0001') });
    await library.close();
    const dir = join(dataDir, 'articles', 'undo-0001');
    const { rename } = await import('node:fs/promises');
    await rename(dir, `${dir}.old-11111111`);
    await cp(`${dir}.old-11111111`, `${dir}.deleted-00000000`, { recursive: true });
    await writeFile(`${dir}.deleted-00000000/body.html`, '<p>Body of the failed save</p>');
    const reopened = await open();
    await reopened.flush();
    expect((await reopened.getArticle({ id: 'undo-0001' })).html).toBe('<p>Body of undo-0001</p>');
    expect(await readdir(join(dataDir, 'articles'))).toEqual(['undo-0001']);
  });

  it('a repair stopped before it moved the damaged file aside leaves one notice, from the repair that then happens', async () => {
    const library = await open();
    await add(library, 0, 1);
    await library.close();
    await writeFile(stateFile(), 'x');
    const stale = join(dataDir, RECOVERED_DIR, '2026-01-01T00-00-00-000Z-abcdef');
    await mkdir(stale, { recursive: true });
    await writeFile(join(stale, 'report.json'), JSON.stringify({ id: '2026-01-01T00-00-00-000Z-abcdef', createdAt: '2026-01-01T00:00:00.000Z', files: [{ path: 'index/000000.state.json', reason: 'x', kind: 'state-shard', restoredFrom: null }], recoveredArticles: null, finished: false, dismissedAt: null }));
    const reopened = await open();
    expect((await reopened.listNotices()).map((n) => n.id)).toEqual([reopened.repairNotice!.id]);
  });

  it('a state file whose repair stopped before the backup\'s copy was written is restored at the next open', async () => {
    const library = await open();
    await add(library, 0, 2);
    await library.setBookmarked({ id: idOf(0), bookmarked: true });
    await takeRollingBackup(dataDir, 'scheduled', now());
    await library.close();
    await writeFile(stateFile(), '{"schemaVersion":2');
    const { Repair } = await import('../../../electron/library/repair');
    const { DamagedFileError } = await import('../../../electron/library/damage');
    await Repair.forDataDir(dataDir, now()).repair(new DamagedFileError(stateFile(), 'test'));
    await rm(stateFile());
    const reopened = await open();
    expect(reopened.listArticles({ view: 'bookmarked' }).items.map((a) => a.id)).toEqual([idOf(0)]);
    const [notice] = await reopened.listNotices();
    expect(notice!.lines.at(-1)).toBe('The repair was interrupted and finished when the library next opened.');
    expect(notice!.lines[0]).toMatch(/restored from the backup of 2026-03-01 08:00 UTC\.$/);
  });
});

describe('electron/library/recover state left in another shard', () => {
  it('an article whose state is still in another shard\'s state file gets it back (a stop between moving an article and its state)', async () => {
    const library = await open();
    await library.addArticles({ items: Array.from({ length: SHARD_CAPACITY + 2 }, (_, i) => ({ record: articleRecord(idOf(i)), files: files(idOf(i)) })) });
    const moved = idOf(SHARD_CAPACITY + 1);
    await library.setBookmarked({ id: moved, bookmarked: true });
    await library.saveProgress({ id: moved, position: { block: 4, offset: 2 }, progress: 55 });
    await library.close();
    // The article's index entry is now in shard 2; its state is still only in shard 1's state file.
    const content = parseShard(await readFile(shardFile(1)));
    await writeFile(shardFile(2), serializeShard({ ids: content.ids.slice(1), urlKeys: content.urlKeys.slice(1), lines: content.lines.slice(1) }));
    await writeFile(shardFile(1), serializeShard({ ids: content.ids.slice(0, 1), urlKeys: content.urlKeys.slice(0, 1), lines: content.lines.slice(0, 1) }));
    const reopened = await open();
    await reopened.flush();
    expect(reopened.summary(moved)).toMatchObject({ bookmarked: true, progress: 55, position: { block: 4, offset: 2 } });
    await reopened.close();
    expect(JSON.parse(await readFile(stateFile(2), 'utf8')).bookmarks[moved]).toBeDefined();
    expect((await open()).summary(moved).bookmarked).toBe(true);
  });
});
