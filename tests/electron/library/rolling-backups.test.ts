import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../electron/library/library';
import { BACKUPS_DIR } from '../../../electron/library/layout';
import { listRollingBackups, readRollingBackupFile, ROLLING_BACKUPS_KEPT, takeRollingBackup } from '../../../electron/library/rolling-backups';
import { articleRecord } from '../../helpers/records';

let dataDir: string;
let clock: number;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-snapshots-'));
  clock = Date.parse('2026-05-01T00:00:00.000Z');
  return () => rm(dataDir, { recursive: true, force: true });
});

const HOUR = 60 * 60 * 1000;
const now = () => new Date(clock);
const files = { bodyHtml: '<p>x</p>', bodyText: 'x', rawPage: null };
const scheduled = async () => (await listRollingBackups(dataDir)).filter((s) => s.reason === 'scheduled');

describe('electron/library/rolling-backups', () => {
  it('takes a backup at open when the newest is older than the interval, and only then', async () => {
    const first = await Library.open({ dataDir, now, backups: { everyMs: 6 * HOUR } });
    await first.flush();
    // An empty library has nothing worth keeping.
    expect(await scheduled()).toHaveLength(0);
    await first.addArticle({ record: articleRecord('a-0001'), files });
    await first.close();

    const second = await Library.open({ dataDir, now, backups: { everyMs: 6 * HOUR } });
    await second.close();
    const [taken] = await scheduled();
    expect(taken!.createdAt).toBe('2026-05-01T00:00:00.000Z');
    // Settings were never changed, so there is no state.json yet.
    expect(taken!.files.map((f) => f.path)).toEqual(['index/000000.articles.jsonl']);
    // The backup holds the index exactly as it is, and checks out against its manifest.
    expect(await readRollingBackupFile(taken!, 'index/000000.articles.jsonl')).toEqual(await readFile(join(dataDir, 'index', '000000.articles.jsonl')));

    clock += 5 * HOUR;
    const third = await Library.open({ dataDir, now, backups: { everyMs: 6 * HOUR } });
    await third.setBookmarked({ id: 'a-0001', bookmarked: true });
    await third.close();
    expect(await scheduled()).toHaveLength(1);

    clock += 2 * HOUR;
    await (await Library.open({ dataDir, now, backups: { everyMs: 6 * HOUR } })).close();
    const after = await scheduled();
    expect(after.map((s) => s.createdAt)).toEqual(['2026-05-01T07:00:00.000Z', '2026-05-01T00:00:00.000Z']);
    expect(after[0]!.files.map((f) => f.path)).toContain('index/000000.state.json');

    // Nothing changed since: no new backup, however much time has passed.
    clock += 24 * HOUR;
    await (await Library.open({ dataDir, now, backups: { everyMs: 6 * HOUR } })).close();
    expect(await scheduled()).toHaveLength(2);
  });

  it('a backup stamped in the future (a clock that was wrong) does not stop backups', async () => {
    const library = await Library.open({ dataDir, now });
    await library.addArticle({ record: articleRecord('a-0001'), files });
    await takeRollingBackup(dataDir, 'scheduled', new Date('2031-01-01T00:00:00.000Z'));
    await library.setBookmarked({ id: 'a-0001', bookmarked: true });
    await library.close();
    await (await Library.open({ dataDir, now, backups: { everyMs: 6 * HOUR } })).close();
    expect((await scheduled()).map((s) => s.createdAt).sort()).toEqual(['2026-05-01T00:00:00.000Z', '2031-01-01T00:00:00.000Z']);
  });

  it('a backup stamped in the future counts as the oldest: it is pruned first and never pins the schedule', async () => {
    const library = await Library.open({ dataDir, now });
    await takeRollingBackup(dataDir, 'scheduled', new Date('2031-01-01T00:00:00.000Z'));
    for (let i = 0; i < ROLLING_BACKUPS_KEPT.scheduled; i++) {
      await library.addArticle({ record: articleRecord(`a-${i}`), files });
      clock += HOUR;
      await takeRollingBackup(dataDir, 'scheduled', now());
    }
    const kept = await listRollingBackups(dataDir, now());
    expect(kept).toHaveLength(ROLLING_BACKUPS_KEPT.scheduled);
    expect(kept.every((s) => s.createdAt.startsWith('2026-'))).toBe(true);
    await library.close();
  });

  it('an unchanged library gets a new backup when the newest one no longer matches its manifest', async () => {
    const library = await Library.open({ dataDir, now });
    await library.addArticle({ record: articleRecord('a-0001'), files });
    await library.close();
    const first = (await takeRollingBackup(dataDir, 'scheduled', now()))!;
    clock += HOUR;
    expect(await takeRollingBackup(dataDir, 'scheduled', now())).toBeNull();
    await writeFile(join(first.dir, 'index', '000000.articles.jsonl'), 'rotted');
    clock += HOUR;
    expect((await takeRollingBackup(dataDir, 'scheduled', now()))?.createdAt).toBe('2026-05-01T02:00:00.000Z');
  });

  it('keeps taking backups on a timer while the library stays open', async () => {
    const library = await Library.open({ dataDir, backups: { everyMs: 40 } });
    await library.addArticle({ record: articleRecord('a-0001'), files });
    for (let i = 0; i < 100 && (await scheduled()).length < 1; i++) await new Promise((r) => setTimeout(r, 20));
    await library.addArticle({ record: articleRecord('a-0002'), files });
    for (let i = 0; i < 100 && (await scheduled()).length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await library.close();
    const taken = await scheduled();
    expect(taken.length).toBeGreaterThanOrEqual(2);
    const newest = (await readRollingBackupFile(taken[0]!, 'index/000000.articles.jsonl'))!.toString('utf8');
    expect(newest).toContain('a-0002');
  });

  it(`keeps the newest ${ROLLING_BACKUPS_KEPT.scheduled} scheduled and ${ROLLING_BACKUPS_KEPT['before-migration']} pre-migration backups`, async () => {
    const library = await Library.open({ dataDir, now });
    for (let i = 0; i < 12; i++) {
      await library.addArticle({ record: articleRecord(`a-${String(i).padStart(4, '0')}`), files });
      clock += HOUR;
      await takeRollingBackup(dataDir, i % 3 === 0 ? 'before-migration' : 'scheduled', now());
    }
    const kept = await listRollingBackups(dataDir);
    expect(kept.filter((s) => s.reason === 'scheduled')).toHaveLength(ROLLING_BACKUPS_KEPT.scheduled);
    expect(kept.filter((s) => s.reason === 'before-migration')).toHaveLength(ROLLING_BACKUPS_KEPT['before-migration']);
    expect(kept[0]!.createdAt).toBe('2026-05-01T12:00:00.000Z');
    expect(await readdir(join(dataDir, BACKUPS_DIR))).toHaveLength(ROLLING_BACKUPS_KEPT.scheduled + ROLLING_BACKUPS_KEPT['before-migration']);
  });

  it('ignores a backup cut short (no manifest) and removes it the next time', async () => {
    const library = await Library.open({ dataDir, now });
    await library.addArticle({ record: articleRecord('a-0001'), files });
    await mkdir(join(dataDir, BACKUPS_DIR, '.partial-abcd', 'index'), { recursive: true });
    await mkdir(join(dataDir, BACKUPS_DIR, '2026-01-01T00-00-00-000Z-scheduled'));
    await writeFile(join(dataDir, BACKUPS_DIR, '2026-01-01T00-00-00-000Z-scheduled', 'snapshot.json'), '{"format":"offprint-snapshot"');
    expect(await listRollingBackups(dataDir)).toEqual([]);
    await takeRollingBackup(dataDir, 'scheduled', now());
    const names = await readdir(join(dataDir, BACKUPS_DIR));
    expect(names).not.toContain('.partial-abcd');
    expect(await listRollingBackups(dataDir)).toHaveLength(1);
  });

  it('a read-only copy of the library never takes backups or repairs', async () => {
    const library = await Library.open({ dataDir, now });
    await library.addArticle({ record: articleRecord('a-0001'), files });
    await writeFile(join(dataDir, 'settings.json'), '{');
    await expect(Library.open({ dataDir, now, access: 'read-only' })).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining('settings.json') });
    expect(await readFile(join(dataDir, 'settings.json'), 'utf8')).toBe('{');
    expect(await readdir(dataDir)).not.toContain('recovered');
  });
});
