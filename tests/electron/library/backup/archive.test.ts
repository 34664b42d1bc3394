import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { Extractor } from '../../../../electron/capture/extractor';
import { restoreBackup, writeBackup } from '../../../../electron/library/backup';
import { isAllowedArticleFile } from '../../../../electron/library/article-folder-files';
import { Library } from '../../../../electron/library/library';
import { runCliCaptured } from '../../../helpers/cli';
import { faultyFs, makeLibrary, manifestEntry, noise, tarEnd, tarEntry, tree } from './helpers';

/**
 * What a backup archive holds and what a restore accepts: long names, times outside the ustar
 * range, transient files, article folders, and the manifest as the limit of what is written.
 */

let work: string;
const extractor = new Extractor();
const hasTar = existsSync('/usr/bin/tar') || existsSync('/bin/tar');

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'offprint-backup-archive-'));
  return () => rm(work, { recursive: true, force: true });
});

function run(...argv: string[]) {
  return runCliCaptured(argv, extractor);
}

/** An archive in the layout earlier versions wrote (ustar, manifest last) of `dir`'s files plus `extra` ones. */
async function oldLayoutArchive(dir: string, extra: { path: string; body: string | Buffer }[] = []): Promise<Buffer> {
  const files: { path: string; body: Buffer }[] = [];
  const dirs: string[] = [];
  for (const rel of (await readdir(dir, { recursive: true })).sort()) {
    if ((await stat(join(dir, rel))).isDirectory()) dirs.push(rel);
    else files.push({ path: rel, body: await readFile(join(dir, rel)) });
  }
  const all = [...files, ...extra.map((e) => ({ path: e.path, body: Buffer.from(e.body) }))];
  return Buffer.concat([
    ...dirs.map((d) => tarEntry(`library/${d}/`, '', '5')),
    ...all.map((f) => tarEntry(`library/${f.path}`, f.body)),
    manifestEntry(all, dirs),
    tarEnd,
  ]);
}

describe('electron/library/backup: what an archive holds', () => {
  it('long and non-ASCII names go through pax headers and come back whole, and any tar lists them', async () => {
    const source = join(work, 'source');
    await makeLibrary(source, { articles: 1 });
    const deep = join(source, 'recovered', '2026-01-02T03-04-05Z', 'a'.repeat(120), 'b'.repeat(120));
    await mkdir(deep, { recursive: true });
    const longName = `${'c'.repeat(200)}.json`;
    await writeFile(join(deep, longName), '{"kept":true}');
    await writeFile(join(source, 'recovered', '2026-01-02T03-04-05Z', '복구된 파일.json'), '{"한국어":1}');
    const archive = join(work, 'long.tar.gz');
    expect((await run('backup', '--out', archive, '--data', source)).code).toBe(0);
    const restored = join(work, 'restored');
    const res = await run('restore', archive, '--data', restored);
    expect(res.code, res.err.join('\n')).toBe(0);
    expect(await tree(restored)).toEqual(await tree(source));
    if (hasTar) {
      const names = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).split('\n');
      const rel = join('recovered', '2026-01-02T03-04-05Z', 'a'.repeat(120), 'b'.repeat(120), longName);
      expect(names).toContain(`library/${rel}`);
      expect(names).toContain('library/recovered/2026-01-02T03-04-05Z/복구된 파일.json');
    }
  });

  it('a library of hundreds of folders backs up onto a slow disk (the archive never waits on itself)', async () => {
    const source = join(work, 'source');
    await makeLibrary(source, { articles: 60, imageBytes: 512 });
    // Every write takes a turn of the event loop longer, as a real disk does: entries queue up behind it.
    const { fs, counts } = faultyFs(() => null, undefined, (call) => (call.op === 'write' ? new Promise((ok) => setTimeout(ok, 1)) : undefined));
    const archive = join(work, 'many.tar.gz');
    const summary = await writeBackup(source, archive, { fs });
    expect(summary.directories).toBeGreaterThan(120);
    expect(counts.get('write')).toBeGreaterThan(0);
    await restoreBackup(archive, join(work, 'restored'));
    expect(await tree(join(work, 'restored'))).toEqual(await tree(source));
  });

  it('files modified before 1970 or after 2242 back up, verify and restore with their times (issue 17.2)', async () => {
    const source = join(work, 'source');
    await makeLibrary(source, { articles: 2 });
    const [first, second] = await readdir(join(source, 'articles'));
    const old = join(source, 'articles', first!, 'body.txt');
    const future = join(source, 'articles', second!, 'body.txt');
    await utimes(old, new Date('1960-06-01T00:00:00Z'), new Date('1960-06-01T00:00:00Z'));
    await utimes(future, new Date('2300-01-01T00:00:00Z'), new Date('2300-01-01T00:00:00Z'));
    const archive = join(work, 'times.tar.gz');
    const backedUp = await run('backup', '--out', archive, '--data', source);
    expect(backedUp.code, backedUp.err.join('\n')).toBe(0);
    const restored = join(work, 'restored');
    const res = await run('restore', archive, '--data', restored);
    expect(res.code, res.err.join('\n')).toBe(0);
    expect(await tree(restored)).toEqual(await tree(source));
    expect((await stat(join(restored, 'articles', first!, 'body.txt'))).mtime.toISOString()).toBe('1960-06-01T00:00:00.000Z');
    expect((await stat(join(restored, 'articles', second!, 'body.txt'))).mtime.toISOString()).toBe('2300-01-01T00:00:00.000Z');
    if (hasTar) expect(() => execFileSync('tar', ['-tvzf', archive], { stdio: 'pipe' })).not.toThrow();
    // A backup the earlier writer made of such a file (a minus sign in the time field) restores too, now.
    const earlier = join(work, 'earlier.tar');
    await writeFile(earlier, Buffer.concat([tarEntry('library/db.json', '{}', '0', '', '0000000-173'), manifestEntry([{ path: 'db.json', body: '{}' }]), tarEnd]));
    await restoreBackup(earlier, join(work, 'from-earlier'));
    expect(await readFile(join(work, 'from-earlier', 'db.json'), 'utf8')).toBe('{}');
  });

  it('a lock, temporary files and staging folders in a backup are left out on restore, and the library opens (issue 11.8)', async () => {
    const source = join(work, 'source');
    const ids = await makeLibrary(source, { articles: 2 });
    // A lock held by a process on another machine: restored, it would lock the library out for good.
    const lock = JSON.stringify({ pid: 4242, hostname: `not-${hostname()}`, command: 'the Offprint app', startedAt: '2026-01-01T00:00:00Z', mode: 'write', nonce: 'abc' });
    const bytes = await oldLayoutArchive(source, [
      { path: 'lock', body: lock },
      { path: 'lock.recover', body: '' },
      { path: 'lock.123.0123456789ab.tmp', body: lock },
      { path: `articles/${ids[0]}/.body.html.77.0123456789ab.tmp`, body: 'half a write' },
      { path: 'articles/.staging-zz-1234-ab/body.html', body: '<p>half a save</p>' },
    ]);
    const archive = join(work, 'with-lock.tar.gz');
    await writeFile(archive, gzipSync(bytes));
    const target = join(work, 'restored');
    const res = await run('restore', archive, '--data', target);
    expect(res.code, res.err.join('\n')).toBe(0);
    expect(res.out[0]).toMatch(/: 2 articles$/);
    expect(res.err.join('\n')).toMatch(/left out 5 temporary files the backup held/);
    expect(existsSync(join(target, 'lock'))).toBe(false);
    expect(existsSync(join(target, 'articles', '.staging-zz-1234-ab'))).toBe(false);
    expect(await tree(target)).toEqual(await tree(source));
    // And a backup never writes them in the first place.
    await writeFile(join(source, 'lock.recover'), '');
    await writeFile(join(source, 'articles', ids[1]!, '.record.json.88.0123456789ab.tmp'), 'x');
    const again = join(work, 'again.tar.gz');
    await writeBackup(source, again);
    const names = hasTar ? execFileSync('tar', ['-tzf', again], { encoding: 'utf8' }) : '';
    expect(names).not.toMatch(/lock|\.tmp/);
  });

  it('refuses an article folder holding anything but its own files, writing nothing (issue 11, restore)', async () => {
    const source = join(work, 'source');
    const [id] = await makeLibrary(source, { articles: 1 });
    const planted: [string, string][] = [
      [`articles/${id}/note.html`, '<script src="run.js"></script>'],
      [`articles/${id}/images/run.js`, 'fetch("/api/listArticles")'],
      [`articles/${id}/images/${'0'.repeat(32)}.html`, '<p>not an image type</p>'],
      [`articles/${id}/images/deeper/${'0'.repeat(32)}.png`, 'x'],
      ['articles/loose-file.html', '<p>no folder</p>'],
    ];
    for (const [path, body] of planted) {
      const archive = join(work, 'planted.tar');
      await writeFile(archive, await oldLayoutArchive(source, [{ path, body }]));
      const target = join(work, 'restored');
      const { fs, calls } = faultyFs(() => null);
      await expect(restoreBackup(archive, target, { fs }), path).rejects.toThrow(/cannot be restored: .* (is not something an article folder holds|is a file where only article folders belong)/);
      expect(existsSync(target), path).toBe(false);
      expect(calls.filter((c) => c.op === 'createFile'), path).toEqual([]);
    }
    expect((await readdir(work)).sort()).toEqual(['planted.tar', 'source']);
    expect(isAllowedArticleFile('images/0123456789abcdef0123456789abcdef.webp')).toBe(true);
    expect(isAllowedArticleFile('body.html')).toBe(true);
    expect(isAllowedArticleFile('images/0123456789abcdef0123456789abcdef.PNG')).toBe(false);
  });

  it('a backup leaves out, and names, files no article folder holds, so that it restores', async () => {
    const source = join(work, 'source');
    const [id] = await makeLibrary(source, { articles: 1 });
    await writeFile(join(source, 'articles', id!, '.DS_Store'), 'finder');
    await writeFile(join(source, 'articles', id!, 'note.html'), '<p>planted</p>');
    const archive = join(work, 'b.tar.gz');
    const res = await run('backup', '--out', archive, '--data', source);
    expect(res.code, res.err.join('\n')).toBe(0);
    expect(res.err.join('\n')).toContain(`left out 2 files that are not part of any article: articles/${id}/.DS_Store, articles/${id}/note.html`);
    const target = join(work, 'restored');
    expect((await run('restore', archive, '--data', target)).code).toBe(0);
    expect((await readdir(join(target, 'articles', id!))).sort()).toEqual(['body.html', 'body.txt', 'images', 'raw.html', 'record.json']);
  });

  it('reads the manifest first: a file larger than it declares is refused before a byte is written (issue 11.7)', async () => {
    const big = noise(2 * 1024 * 1024, 7);
    const archive = join(work, 'liar.tar.gz');
    // This version's layout: the manifest first, then a file a million times larger than it says.
    await writeFile(archive, gzipSync(Buffer.concat([manifestEntry([{ path: 'db.json', body: '{}' }]), tarEntry('library/db.json', big), tarEnd])));
    const target = join(work, 'restored');
    const { fs, calls, written } = faultyFs(() => null);
    await expect(restoreBackup(archive, target, { fs })).rejects.toThrow(/db\.json is 2097152 bytes, and its manifest says 2/);
    expect(written()).toBe(0);
    expect(calls.filter((c) => c.op === 'createFile')).toEqual([]);
    expect(existsSync(target)).toBe(false);
    expect(await readdir(work)).toEqual(['liar.tar.gz']);
  });

  it('an archive of an earlier version (manifest last) is read through before anything is written', async () => {
    const source = join(work, 'source');
    await makeLibrary(source, { articles: 2 });
    // A file the manifest does not list, far larger than the archive.
    const hostile = join(work, 'old-hostile.tar.gz');
    const listed = await oldLayoutArchive(source);
    await writeFile(hostile, gzipSync(Buffer.concat([tarEntry('library/padding.bin', Buffer.alloc(20 * 1024 * 1024)), listed])));
    const { fs, calls } = faultyFs(() => null);
    await expect(restoreBackup(hostile, join(work, 'restored'), { fs })).rejects.toThrow(/other files than its manifest lists/);
    expect(calls.filter((c) => c.op === 'createFile' || (c.op === 'mkdir' && c.path.includes('restored/')))).toEqual([]);
    expect(calls.some((c) => c.op === 'freeSpace')).toBe(true);
    // The same layout, honest, restores.
    const honest = join(work, 'old.tar.gz');
    await writeFile(honest, gzipSync(listed));
    const res = await run('restore', honest, '--data', join(work, 'restored'));
    expect(res.code, res.err.join('\n')).toBe(0);
    expect(await tree(join(work, 'restored'))).toEqual(await tree(source));
  });

  it('refuses a restore the disk has no room for, from what the manifest declares, writing nothing (issue 11.7)', async () => {
    const source = join(work, 'source');
    await makeLibrary(source, { articles: 3, imageBytes: 1024 * 1024 });
    const archive = join(work, 'b.tar.gz');
    await writeBackup(source, archive);
    const target = join(work, 'restored');
    const { fs, calls } = faultyFs(() => null, { bytes: 1024 * 1024, blockSize: 4096 });
    await expect(restoreBackup(archive, target, { fs })).rejects.toThrow(new RegExp(`^The disk holding ${work} has 1 MB free, and this backup needs 3(\\.\\d)? MB: nothing was restored\\.$`));
    expect(calls.map((c) => c.op).filter((op) => op !== 'freeSpace' && op !== 'mkdir')).toEqual([]);
    expect(existsSync(target)).toBe(false);
    expect((await readdir(work)).sort()).toEqual(['b.tar.gz', 'source']);
    // With room, the same archive restores.
    await restoreBackup(archive, target);
    expect(await tree(target)).toEqual(await tree(source));
    const library = await Library.open({ dataDir: target, backups: false });
    expect(library.size).toBe(3);
    await library.close();
  });
});
