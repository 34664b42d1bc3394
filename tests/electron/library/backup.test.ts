import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { Extractor } from '../../../electron/capture/extractor';
import { restoreBackup, safeEntryPath, writeBackup } from '../../../electron/library/backup';
import { Library } from '../../../electron/library/library';
import { acquireLibraryLock } from '../../../electron/library/lock';
import { createOffprintService } from '../../../electron/service';
import { runCliCaptured } from '../../helpers/cli';
import { FIXTURES, useFixtureServer } from '../../helpers/fixture-server';
import { tarEnd, tarEntry, tree } from './backup/helpers';

let work: string;
const extractor = new Extractor();

const server = useFixtureServer(join(FIXTURES, 'pages'), extractor);
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'offprint-backup-'));
  return () => rm(work, { recursive: true, force: true });
});

function run(...argv: string[]) {
  return runCliCaptured(argv, extractor);
}

/** Everything a reader can see of a library through its public API. */
async function view(dataDir: string) {
  const library = await Library.open({ dataDir });
  const all = ['all', 'archived'].flatMap((v) => library.listArticles({ view: v as 'all', offset: 0, limit: 500 }).items);
  return {
    all,
    bookmarks: library.listBookmarks(),
    settings: library.getSettings(),
    articles: await Promise.all(all.map((a) => library.getArticle({ id: a.id }))),
    texts: await Promise.all(all.map((a) => library.articleText({ id: a.id }))),
  };
}

describe('electron/library/backup', () => {
  it('backup then restore elsewhere gives an identical library: same files, same bytes, same articles', async () => {
    const source = join(work, 'source');
    const library = await Library.open({ dataDir: source });
    const service = createOffprintService(library, { extractor });
    const { article } = await service.saveArticle({ source: { kind: 'url', url: `${server.url}/asiae-korea-ukraine/source.html` } });
    expect(article.images.saved).toBeGreaterThan(0);
    const text = await service.saveArticle({ source: { kind: 'text', text: 'Backed-up note\n\nA paragraph of the note that is kept.' } });
    await service.setBookmarked({ id: article.id, bookmarked: true });
    await service.saveProgress({ id: article.id, position: { block: 3, offset: 10 }, progress: 40 });
    await service.addPlaceBookmark({ id: article.id, position: { block: 2, offset: 0 }, snippet: 'a place', note: 'a note' });
    await service.setArchived({ id: text.article.id, archived: true });
    await service.updateSettings({ patch: { theme: 'sepia', textSize: 22 } });
    await library.flush();
    // Transient files are not part of the library.
    await writeFile(join(source, '.db.json.123.abc.tmp'), 'half a write');
    await mkdir(join(source, 'articles', '.staging-zzzz-1234-ab'), { recursive: true });
    const expected = await tree(source);
    delete expected['.db.json.123.abc.tmp'];
    delete expected['articles/.staging-zzzz-1234-ab'];
    delete expected['.temp']; // the folder of durable writes' temporary files

    const archive = join(work, 'library.tar.gz');
    const backedUp = await run('backup', '--out', archive, '--data', source);
    expect(backedUp.code, backedUp.err.join('\n')).toBe(0);
    expect(backedUp.out[0]).toMatch(/^Backed up .* files/);
    expect(existsSync(join(source, 'lock'))).toBe(false);

    const restored = join(work, 'elsewhere', 'library');
    const restoredRun = await run('restore', archive, '--data', restored);
    expect(restoredRun.code, restoredRun.err.join('\n')).toBe(0);
    expect(restoredRun.out[0]).toMatch(/: 2 articles$/);
    expect(await tree(restored)).toEqual(expected);
    const [a, b] = [await view(source), await view(restored)];
    expect(b).toEqual(a);
    expect(b.all).toHaveLength(2);
    expect(b.bookmarks.map((e) => e.kind).sort()).toEqual(['article', 'place']);
    expect(b.settings).toMatchObject({ theme: 'sepia', textSize: 22 });

    // Any tar can read it; every library file is under library/, the manifest first (a restore reads it before anything else).
    const tar = gunzipSync(await readFile(archive));
    if (existsSync('/usr/bin/tar') || existsSync('/bin/tar')) {
      const names = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n');
      expect(names[0]).toBe('offprint-backup.json');
      expect(names.filter((n) => !n.startsWith('library/'))).toEqual(['offprint-backup.json']);
    }
    expect(tar.length % 512).toBe(0);
  });

  it('refuses a target that is not empty, and the backup file inside the library', async () => {
    const source = join(work, 'source');
    await (await Library.open({ dataDir: source })).flush();
    const archive = join(work, 'b.tar.gz');
    await writeBackup(source, archive);
    const target = join(work, 'target');
    await mkdir(target);
    await writeFile(join(target, 'keep.txt'), 'mine');
    const refused = await run('restore', archive, '--data', target);
    expect(refused.code).toBe(1);
    expect(refused.err.join('')).toMatch(/is not empty/);
    expect(await readdir(target)).toEqual(['keep.txt']);
    await expect(writeBackup(source, join(source, 'inside.tar.gz'))).rejects.toThrow(/outside the library folder/);
    // An empty folder is fine.
    await mkdir(join(work, 'empty'));
    await restoreBackup(archive, join(work, 'empty'));
    expect((await readdir(join(work, 'empty'))).sort()).toEqual((await readdir(source)).sort());
  });

  it('backup waits for no writer: it refuses while another process writes', async () => {
    const source = join(work, 'source');
    const lock = await acquireLibraryLock(source, 'the Offprint app');
    try {
      const res = await run('backup', '--out', join(work, 'x.tar.gz'), '--data', source);
      expect(res.code).toBe(1);
      expect(res.err.join('')).toMatch(/in use by the Offprint app/);
      expect(existsSync(join(work, 'x.tar.gz'))).toBe(false);
    } finally {
      await lock.release();
    }
  });

  it('only restores ordinary paths inside library/', () => {
    expect(safeEntryPath('library/articles/ab-12/body.html')).toBe('articles/ab-12/body.html');
    for (const bad of ['library/../x', 'library/a/../../x', '/etc/passwd', 'library//x', 'library/./x', 'x/library/y', 'library\\..\\x', 'library/C:/x', 'library/a\u0000b', '../../library/x']) {
      expect(() => safeEntryPath(bad), bad).toThrow(/not a complete Offprint backup/);
    }
  });

  it('refuses hostile and damaged archives, and writes nothing anywhere', async () => {
    const manifest = (files: { path: string; body: string }[]) =>
      tarEntry(
        'offprint-backup.json',
        JSON.stringify({ format: 'offprint-backup', version: 1, createdAt: '', directories: [], files: files.map((f) => ({ path: f.path, size: f.body.length, sha256: createHash('sha256').update(f.body).digest('hex') })) }),
      );
    const victim = join(work, 'victim.txt');
    const cases: [string, Buffer, RegExp][] = [
      ['dot-dot', Buffer.concat([tarEntry('library/../victim.txt', 'pwned'), tarEnd]), /not a safe path/],
      ['absolute', Buffer.concat([tarEntry(victim, 'pwned'), tarEnd]), /outside the library/],
      ['symlink', Buffer.concat([tarEntry('library/link', '', '2', '/etc'), tarEntry('library/link/passwd', 'x'), tarEnd]), /link or device/],
      ['hard link', Buffer.concat([tarEntry('library/h', '', '1', '/etc/passwd'), tarEnd]), /link or device/],
      ['no manifest', Buffer.concat([tarEntry('library/db.json', '{}'), tarEnd]), /manifest is missing/],
      ['file not in manifest', Buffer.concat([tarEntry('library/db.json', '{}'), tarEntry('library/extra', 'x'), manifest([{ path: 'db.json', body: '{}' }]), tarEnd]), /other files/],
      ['tampered bytes', Buffer.concat([tarEntry('library/db.json', '{"a":2}'), manifest([{ path: 'db.json', body: '{"a":1}' }]), tarEnd]), /does not match/],
      ['duplicate', Buffer.concat([tarEntry('library/db.json', '{}'), tarEntry('library/db.json', '{}'), tarEnd]), /appears twice/],
      ['truncated', tarEntry('library/db.json', 'x'.repeat(2000)).subarray(0, 1000), /incomplete/],
      ['bad checksum', (() => { const t = Buffer.concat([tarEntry('library/db.json', '{}'), tarEnd]); t[0] = 0x4c; return t; })(), /checksum/],
      ['not gzip', Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5]), /gzip/],
    ];
    for (const [name, bytes, reason] of cases) {
      for (const compress of [false, true]) {
        if (name === 'not gzip' && compress) continue;
        const archive = join(work, `${name}.tar${compress ? '.gz' : ''}`);
        await writeFile(archive, compress ? gzipSync(bytes) : bytes);
        const target = join(work, 'restored', name);
        await expect(restoreBackup(archive, target), name).rejects.toThrow(reason);
        expect(existsSync(target), name).toBe(false);
      }
    }
    expect(existsSync(victim)).toBe(false);
    expect((await readdir(join(work, 'restored'))).length).toBe(0);
    const cli = await run('restore', join(work, 'dot-dot.tar'), '--data', join(work, 'restored', 'cli'));
    expect(cli.code).toBe(1);
    expect(cli.err.join('')).toMatch(/not a complete Offprint backup/);
  });
});
