import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { restoreBackup, writeBackup } from '../../../electron/library/backup';
import { Library } from '../../../electron/library/library';
import { listRollingBackups, takeRollingBackup } from '../../../electron/library/rolling-backups';
import { articleRecord } from '../../helpers/records';

/** Tags, highlights and notes are library state like bookmarks: backed up, repaired, restored. */
let dataDir: string;
let clock: number;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-repair-annotations-'));
  clock = Date.parse('2026-06-01T08:00:00.000Z');
  return () => rm(dataDir, { recursive: true, force: true });
});

const now = () => new Date((clock += 1000));
const open = (dir = dataDir) => Library.open({ dataDir: dir, now });
const idOf = (i: number) => `art-${String(i).padStart(5, '0')}`;
const TEXT = 'The ferry left the harbour at dawn.\n\nIt carried a cargo of oranges.';

async function withArticles(count: number): Promise<Library> {
  const library = await open();
  for (let i = 0; i < count; i++) await library.addArticle({ record: articleRecord(idOf(i), { title: `Title ${i}` }), files: { bodyHtml: '<p>x</p>', bodyText: TEXT, rawPage: null } });
  return library;
}

/** What a reader sees of the annotations. */
async function annotations(library: Library) {
  const out: Record<string, unknown> = {};
  for (const { id, tags } of library.listArticles({ limit: 500 }).items) {
    const article = await library.getArticle({ id });
    out[id] = { tags, note: article.note?.text ?? null, highlights: article.highlights.map((h) => [h.quote.exact, h.color, h.note, h.anchor.status]) };
  }
  return { articles: out, tags: library.listTags().map((t) => [t.name, t.count]) };
}

describe('electron/library/repair (tags, highlights, notes)', () => {
  it('rolling backups hold the tag table and the state files with tags, highlights and notes', async () => {
    const library = await withArticles(2);
    await library.addTags({ id: idOf(0), tags: ['Read later'] });
    await library.addHighlight({ id: idOf(0), start: 4, end: 9 });
    const backup = (await takeRollingBackup(dataDir, 'scheduled', now()))!;
    expect(backup.files.map((f) => f.path)).toEqual(expect.arrayContaining(['index/tags.json', 'index/000000.state.json']));
    await library.close();
  });

  it('a damaged state file gets its tags, highlights and note back from the newest backup; what changed since is lost and said so', async () => {
    const library = await withArticles(3);
    await library.addTags({ id: idOf(0), tags: ['Read later', '日本'] });
    const kept = await library.addHighlight({ id: idOf(1), start: 4, end: 9, color: 'green', note: 'Backed up' });
    await library.setArticleNote({ id: idOf(2), note: 'Backed-up note' });
    await takeRollingBackup(dataDir, 'scheduled', now());
    const backedUp = await annotations(library);
    // Changed after the backup: lost with the damaged file.
    await library.addTags({ id: idOf(2), tags: ['Later tag'] });
    await library.addHighlight({ id: idOf(2), start: 0, end: 3 });
    await library.close();

    await writeFile(join(dataDir, 'index', '000000.state.json'), Buffer.alloc(64));
    const repaired = await open();
    await repaired.flush();
    expect(repaired.repairNotice!.lines[1]).toMatch(/tags, highlights and notes changed since .* are lost/);
    expect(await annotations(repaired)).toEqual(backedUp);
    expect(repaired.listHighlights({}).items.map((e) => e.highlight.highlightId)).toEqual([kept.highlightId]);
    await repaired.close();
  });

  it('a damaged tag table is restored from the backup, and tags made since come back by the names the state files kept', async () => {
    const library = await withArticles(3);
    await library.addTags({ id: idOf(0), tags: ['Read later'] });
    await takeRollingBackup(dataDir, 'scheduled', now());
    // After the backup: a new tag (unknown to the backup's table) and a rename (lost with the table).
    await library.addTags({ id: idOf(1), tags: ['Économie'] });
    await library.renameTag({ tag: 'Read later', name: 'Later' });
    await library.close();

    await writeFile(join(dataDir, 'index', 'tags.json'), '{"schemaVersion":1,"nextId":');
    const repaired = await open();
    await repaired.flush();
    expect(repaired.repairNotice!.lines[0]).toMatch(/^index\/tags\.json was damaged \(.+\); restored from the backup of /);
    expect(repaired.repairNotice!.lines[1]).toMatch(/Tags renamed, merged or deleted since .* are as they were then; tags added since were taken back from the articles\./);
    expect(repaired.listTags().map((t) => [t.name, t.count])).toEqual([['Économie', 1], ['Read later', 1]]);
    expect(repaired.summary(idOf(1)).tags).toEqual(['Économie']);
    // The restored table now knows the tag it took back, on disk too.
    expect(JSON.parse(await readFile(join(dataDir, 'index', 'tags.json'), 'utf8')).tags).toMatchObject({ t2: { name: 'Économie' } });
    // New tags get ids of their own, not the one taken back.
    await repaired.addTags({ id: idOf(2), tags: ['Fresh'] });
    expect(repaired.listTags().map((t) => t.name)).toEqual(['Économie', 'Fresh', 'Read later']);
    await repaired.close();
  });

  it('with no tag table left at all, the tags come back from the state files', async () => {
    const library = await withArticles(2);
    await library.addTags({ id: idOf(0), tags: ['Read later', '東京'] });
    await library.close();
    await rm(join(dataDir, 'index', 'tags.json'));
    const reopened = await open();
    await reopened.flush();
    expect(reopened.summary(idOf(0)).tags).toEqual(['Read later', '東京']);
    expect(await listRollingBackups(dataDir)).toEqual([]);
    await reopened.close();
  });

  it('a backup archive holds tags, highlights and notes, and a restore brings them all back', async () => {
    const library = await withArticles(2);
    await library.addTags({ id: idOf(0), tags: ['Read later', 'Économie'] });
    await library.addHighlight({ id: idOf(1), start: 4, end: 9, note: 'In the archive' });
    await library.setArticleNote({ id: idOf(0), note: 'Note in the archive' });
    await library.mergeTags({ tags: ['Économie'], into: 'Economy' });
    const before = await annotations(library);
    await library.close();
    const archive = join(dataDir, '..', `${dataDir.split('/').pop()}.tar.gz`);
    const restored = await mkdtemp(join(tmpdir(), 'offprint-restored-'));
    try {
      await writeBackup(dataDir, archive);
      await rm(restored, { recursive: true });
      await restoreBackup(archive, restored);
      const back = await open(restored);
      expect(await annotations(back)).toEqual(before);
      await back.close();
    } finally {
      await rm(archive, { force: true });
      await rm(restored, { recursive: true, force: true });
    }
  });

  it('a library written before tags (the layout-2 fixture) opens and takes tags, highlights and notes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'offprint-v2-annotations-'));
    try {
      await cp(join(__dirname, '../../fixtures/library-v2'), dir, { recursive: true });
      await rm(join(dir, 'README.md'));
      const library = await open(dir);
      await library.flush();
      const second = 'mx4k13b4-06f4d4f9b4';
      expect(library.summary(second)).toMatchObject({ tags: [], progress: 40, bookmarked: false });
      expect(library.listTags()).toEqual([]);
      expect((await library.getArticle({ id: second })).highlights).toEqual([]);
      await library.addTags({ id: second, tags: ['Fixture'] });
      const text = await library.articleText({ id: second });
      await library.addHighlight({ id: second, start: 0, end: 10 });
      expect(text.length).toBeGreaterThan(10);
      await library.close();
      const reopened = await open(dir);
      expect(reopened.summary(second)).toMatchObject({ tags: ['Fixture'], progress: 40 });
      expect(reopened.places(second)).toHaveLength(1);
      expect(JSON.parse(await readFile(join(dir, 'index', '000000.state.json'), 'utf8')).schemaVersion).toBe(3);
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
