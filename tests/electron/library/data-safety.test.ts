// Issue 17: data safety under faults. The first three were written against the code before the
// redesign, where each failed; the rest use the library's file-system seam (tests/helpers/library-faults.ts)
// and, where this machine lets a test mount one, a real small tmpfs.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../electron/library/library';
import { takeRollingBackup } from '../../../electron/library/rolling-backups';
import { Extractor } from '../../../electron/capture/extractor';
import { acquireLibraryLock, LOCK_FILE } from '../../../electron/library/lock';
import { openLibraryForReading } from '../../../electron/library/read-access';
import { runCliCaptured } from '../../helpers/cli';
import { type Fault, faultyFs } from '../../helpers/library-faults';
import { mountTmpfs, remount, unmount } from './backup/helpers';
import { articleRecord } from '../../helpers/records';

let dataDir: string;
let clock: number;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-safety-'));
  clock = Date.parse('2026-03-01T08:00:00.000Z');
  return () => rm(dataDir, { recursive: true, force: true });
});
const now = () => new Date((clock += 1000));
const open = (faults: Fault[] = []) => Library.open({ dataDir, now, fs: faults.length ? faultyFs(faults) : undefined });
const files = (id: string) => ({ bodyHtml: `<p>Body of ${id}</p>`, bodyText: `Body of ${id}`, rawPage: null });
const idOf = (i: number) => `art-${String(i).padStart(5, '0')}`;
const shardFile = (n: number) => join(dataDir, 'index', `${String(n).padStart(6, '0')}.articles.jsonl`);

async function addRange(library: Library, from: number, count: number) {
  const items = Array.from({ length: count }, (_, k) => ({ record: articleRecord(idOf(from + k)), files: files(idOf(from + k)) }));
  await library.addArticles({ items });
}

describe('electron/library under faults (issue 17)', () => {
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

  it('17.3 a delete whose state write or folder removal fails after the index changed still answers that it happened, and is finished later', async () => {
    const seeded = await open();
    await addRange(seeded, 0, 3);
    await seeded.setBookmarked({ id: idOf(1), bookmarked: true });
    await seeded.close();
    // The state file is immutable (EPERM on its rename), and the marked folder cannot be removed.
    const library = await open([
      { op: 'rename', path: /000000\.state\.json$/, code: 'EPERM' },
      { op: 'rm', path: /\.deleted-/, code: 'EBUSY', times: 1 },
    ]);
    await library.flush();
    await expect(library.deleteArticle({ id: idOf(1) })).resolves.toEqual({ id: idOf(1) });
    expect(library.has(idOf(1))).toBe(false);
    await library.close();
    const reopened = await open();
    await reopened.flush();
    expect(reopened.has(idOf(1))).toBe(false);
    expect(reopened.listArticles({ view: 'bookmarked' }).total).toBe(0);
    expect((await readdir(join(dataDir, 'articles'))).sort()).toEqual([idOf(0), idOf(2)]);
    // The stale state entry was dropped when the library next opened.
    expect(JSON.parse(await readFile(join(dataDir, 'index', '000000.state.json'), 'utf8')).bookmarks).toEqual({});
    await reopened.close();
  });

  it('17.6 an fsync that fails after a rename leaves no ghost: memory matches the disk, writes stop, and the next open is whole', async () => {
    const library = await open([{ op: 'sync-dir', path: /index$/, code: 'EIO', times: 1 }]);
    await library.flush();
    const failed = library.addArticle({ record: articleRecord('ghost-0001'), files: files('ghost-0001') });
    await expect(failed).rejects.toMatchObject({ code: 'storage', message: expect.stringMatching(/cannot tell whether the change was kept/) });
    // The disk lists it, and so does memory; nothing more is written until the library is reopened.
    expect(library.has('ghost-0001')).toBe(true);
    await expect(library.setBookmarked({ id: 'ghost-0001', bookmarked: true })).rejects.toMatchObject({ message: expect.stringMatching(/reopen/i) });
    await library.close();
    const reopened = await open();
    await reopened.flush();
    expect((await reopened.getArticle({ id: 'ghost-0001' })).html).toBe('<p>Body of ghost-0001</p>');
    expect(reopened.summary('ghost-0001').bookmarked).toBe(false);
    await reopened.close();
  });

  it('17.6 a bookmark whose state-file fsync fails is what the reader then sees, before and after a restart', async () => {
    const seeded = await open();
    await addRange(seeded, 0, 1);
    await seeded.close();
    const library = await open([{ op: 'sync-dir', path: /index$/, code: 'EIO', times: 1 }]);
    await library.flush();
    await expect(library.setBookmarked({ id: idOf(0), bookmarked: true })).rejects.toMatchObject({ code: 'storage' });
    const shown = library.summary(idOf(0)).bookmarked;
    await library.close();
    const reopened = await open();
    expect(reopened.summary(idOf(0)).bookmarked).toBe(shown);
    await reopened.close();
  });

  it('17.7 a delete on a full disk frees the article\'s space first, and happens', async () => {
    const seeded = await open();
    await addRange(seeded, 0, 3);
    await seeded.close();
    // Writing the shard's new version fails for want of space until the article's files are gone.
    const library = await open([{ op: 'write', path: /000000\.articles\.jsonl/, code: 'ENOSPC', times: 1 }]);
    await library.flush();
    await expect(library.deleteArticle({ id: idOf(1) })).resolves.toEqual({ id: idOf(1) });
    expect(library.has(idOf(1))).toBe(false);
    await library.close();
    const reopened = await open();
    await reopened.flush();
    expect(reopened.has(idOf(1))).toBe(false);
    expect((await readdir(join(dataDir, 'articles'))).sort()).toEqual([idOf(0), idOf(2)]);
    await reopened.close();
  });

  it('17.7 when even then the index cannot be written, the delete holds in memory and the next open finishes it', async () => {
    const seeded = await open();
    await addRange(seeded, 0, 3);
    await seeded.close();
    const library = await open([{ op: 'write', path: /000000\.articles\.jsonl/, code: 'ENOSPC' }]);
    await library.flush();
    await expect(library.deleteArticle({ id: idOf(2) })).resolves.toEqual({ id: idOf(2) });
    expect(library.listArticles({}).items.map((a) => a.id)).toEqual([idOf(1), idOf(0)]);
    await library.close();
    const reopened = await open();
    await reopened.flush();
    expect(reopened.has(idOf(2))).toBe(false);
    expect(await readdir(join(dataDir, 'articles'))).not.toContain(idOf(2));
    await reopened.close();
  });

  it('17.10 a full disk is said in words, naming the library folder, never a temporary file', async () => {
    await (await open()).close();
    const library = await open([{ op: 'write', path: /./, code: 'ENOSPC' }]);
    await library.flush();
    const failure = await library.addArticle({ record: articleRecord('full-0001'), files: files('full-0001') }).catch((error: Error) => error);
    expect((failure as Error).message).toMatch(new RegExp(`disk holding your library \\(${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) is full \\(\\d+ MB free\\)`));
    expect((failure as Error).message).not.toMatch(/\.tmp|staging|ENOENT/);
    const readOnly = await open([{ op: 'open', path: /\.temp/, code: 'EROFS' }]);
    const refused = await readOnly.updateSettings({ patch: { textSize: 20 } }).catch((error: Error) => error);
    expect((refused as Error).message).toMatch(/is read-only/);
    expect((refused as Error).message).not.toMatch(/\.tmp/);
    await library.close();
    await readOnly.close();
    expect(existsSync(join(dataDir, 'articles', 'full-0001'))).toBe(false);
  });

  it('17.12 a lock from another computer names its file and how to take it over; `offprint unlock` does', async () => {
    const extractor = new Extractor();
    try {
      const seeded = await open();
      await addRange(seeded, 0, 1);
      await seeded.close();
      await writeFile(join(dataDir, LOCK_FILE), JSON.stringify({ pid: 4242, hostname: `not-${hostname()}`, command: 'the Offprint app', startedAt: '2026-01-01T00:00:00Z', mode: 'write', nonce: 'n' }));
      const refused = await acquireLibraryLock(dataDir, 'offprint save').catch((error: Error) => error);
      expect((refused as Error).message).toContain(join(dataDir, LOCK_FILE));
      expect((refused as Error).message).toContain(`offprint unlock --data ${dataDir}`);
      const unlocked = await runCliCaptured(['unlock', '--data', dataDir], extractor);
      expect(unlocked.code).toBe(0);
      expect(unlocked.out.join('\n')).toContain(`from the Offprint app (process 4242 on not-${hostname()}`);
      const lock = await acquireLibraryLock(dataDir, 'offprint save');
      // A live writer on this computer is never taken over by hand either.
      expect((await runCliCaptured(['unlock', '--data', dataDir], extractor)).err.join('\n')).toMatch(/running on this computer/);
      await lock.release();
    } finally {
      await extractor.close();
    }
  });
});

describe('electron/library on a real full or read-only disk (issues 17.7, 17.13)', () => {
  let mount: string;
  let skip: string | null = null;
  beforeEach(async () => {
    mount = await mkdtemp(join(tmpdir(), 'offprint-fulldisk-'));
    skip = await mountTmpfs(mount, '2m');
    return async () => {
      unmount(mount);
      await rm(mount, { recursive: true, force: true });
    };
  });

  it('list, show and reading a library work at 0 bytes free, with no lock file and nothing left behind; a delete frees space', async (context) => {
    if (skip) return context.skip(skip);
    const library = await Library.open({ dataDir: mount });
    await addRange(library, 0, 3);
    await library.close();
    // Fill the disk to the last byte.
    for (let size = 1 << 20; size >= 1; size >>= 1) {
      try {
        await writeFile(join(mount, `fill-${size}`), Buffer.alloc(size));
      } catch {
        // That much did not fit: try half.
      }
    }
    const before = (await readdir(mount, { recursive: true })).sort();
    const reading = await openLibraryForReading(mount, 'offprint list');
    expect(reading.readOnly).toBe(true);
    expect(reading.library.listArticles({}).total).toBe(3);
    expect((await reading.library.getArticle({ id: idOf(1) })).html).toBe(`<p>Body of ${idOf(1)}</p>`);
    await reading.close();
    expect((await readdir(mount, { recursive: true })).sort()).toEqual(before);
    // And the CLI says so, and lists them.
    const extractor = new Extractor();
    try {
      const listed = await runCliCaptured(['list', '--json', '--data', mount], extractor);
      expect(listed.code, listed.err.join('\n')).toBe(0);
      expect(listed.out).toHaveLength(3);
    } finally {
      await extractor.close();
    }
    expect((await readdir(mount, { recursive: true })).sort()).toEqual(before);
  });

  it('a library on read-only media is listed and shown, and a change is refused in words', async (context) => {
    if (skip) return context.skip(skip);
    const library = await Library.open({ dataDir: mount });
    await addRange(library, 0, 2);
    await library.close();
    remount(mount, 'ro');
    const reading = await openLibraryForReading(mount, 'offprint show');
    expect(reading.readOnly).toBe(true);
    expect((await reading.library.getArticle({ id: idOf(0) })).title).toBe(idOf(0));
    await expect(reading.library.setBookmarked({ id: idOf(0), bookmarked: true })).rejects.toMatchObject({ message: expect.stringMatching(/read-only/) });
    await reading.close();
    remount(mount, 'rw');
  });
});
