import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isArticleFile, isStoredImageName, unexpectedEntries } from '../../../electron/library/article-folder-files';
import { Library } from '../../../electron/library/library';
import { articleRecord } from '../../helpers/records';

const IMAGE = `${'0123456789abcdef'.repeat(2)}.png`;

describe('electron/library/article-folder-files', () => {
  it('allows the record, body, text, page and content-hash image names, and nothing else', () => {
    for (const path of ['record.json', 'body.html', 'body.txt', 'raw.html', `images/${IMAGE}`, `images/${'a'.repeat(64)}.svg`, `images/${'b'.repeat(32)}.webp`]) expect(isArticleFile(path), path).toBe(true);
    for (const path of ['note.html', 'run.js', 'images', `images/${'a'.repeat(32)}.html`, 'images/note.html', `images/${'A'.repeat(32)}.png`, `images/sub/${IMAGE}`, `${IMAGE}`, 'body.html.bak', '.DS_Store', 'images/../note.html']) {
      expect(isArticleFile(path), path).toBe(false);
    }
    expect(isStoredImageName(IMAGE)).toBe(true);
    expect(isStoredImageName('run.js')).toBe(false);
  });

  it('lists what does not belong: other names, links, folders where a file belongs', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'offprint-folder-'));
    try {
      await mkdir(join(folder, 'images', 'sub'), { recursive: true });
      await writeFile(join(folder, 'body.html'), '<p>x</p>');
      await writeFile(join(folder, 'images', IMAGE), 'png');
      await writeFile(join(folder, 'note.html'), '<script src="run.js"></script>');
      await writeFile(join(folder, 'images', 'run.js'), 'alert(1)');
      await symlink('/etc/passwd', join(folder, 'raw.html'));
      await mkdir(join(folder, 'body.txt'));
      expect(await unexpectedEntries(folder)).toEqual(['body.txt', 'images/run.js', 'images/sub', 'note.html', 'raw.html']);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('electron/library/folder-check: opening a library with planted files', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'offprint-planted-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('moves unexpected files out of article folders, reports them in a notice, and leaves the article whole', async () => {
    const first = await Library.open({ dataDir });
    const article = await first.addArticle({ record: { ...articleRecord('planted-1'), title: 'Planted' }, files: { bodyHtml: '<p>Body</p>', bodyText: 'Body', rawPage: null, images: new Map([[IMAGE, new Uint8Array([1, 2, 3])]]) } });
    const clean = await first.addArticle({ record: articleRecord('clean-1'), files: { bodyHtml: '<p>Clean</p>', bodyText: 'Clean', rawPage: null } });
    await first.close();
    const folder = join(dataDir, 'articles', article.id);
    await writeFile(join(folder, 'images', 'note.html'), '<script src="run.js"></script>');
    await writeFile(join(folder, 'images', 'run.js'), 'fetch("/api/listArticles")');
    await writeFile(join(folder, 'note.html'), 'x');
    // A durable write cut short is not a planted file.
    await writeFile(join(folder, '.record.json.123.0123456789ab.tmp'), '{}');

    const library = await Library.open({ dataDir });
    const moved = await library.foldersChecked;
    expect(moved).toEqual([`articles/${article.id}/images/note.html`, `articles/${article.id}/images/run.js`, `articles/${article.id}/note.html`]);
    expect((await readdir(join(folder, 'images'))).sort()).toEqual([IMAGE]);
    expect((await readdir(folder)).sort()).toEqual(['.record.json.123.0123456789ab.tmp', 'body.html', 'body.txt', 'images', 'record.json']);
    const notices = await library.listNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.lines.join(' ')).toContain(`articles/${article.id}/images/note.html`);
    // Kept, untouched, where the notice says.
    expect(await readFile(join(notices[0]!.keptIn, 'articles', article.id, 'images', 'run.js'), 'utf8')).toBe('fetch("/api/listArticles")');
    expect((await library.getArticle({ id: article.id })).html).toBe('<p>Body</p>');
    expect(library.summary(clean.id).title).toBe('clean-1');
    await library.close();

    // Nothing left to move: the next open reports nothing new.
    const again = await Library.open({ dataDir });
    expect(await again.foldersChecked).toEqual([]);
    expect(await again.listNotices()).toHaveLength(1);
    await again.close();
  });
});
