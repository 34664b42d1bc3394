import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Library } from '../../../electron/library/library';
import { articleRecord } from '../../helpers/records';

/** Renames into a folder name containing `failRenamesTo` fail, as when another program holds a file in the folder. */
const faults = vi.hoisted(() => ({ failRenamesTo: null as string | null }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof real.rename = async (from, to) => {
    if (faults.failRenamesTo && String(to).includes(faults.failRenamesTo)) throw Object.assign(new Error(`EBUSY: resource busy or locked, rename '${String(from)}'`), { code: 'EBUSY' });
    return real.rename(from, to);
  };
  return { ...real, rename, default: { ...real, rename } };
});

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'offprint-faults-'));
  faults.failRenamesTo = null;
  return () => rm(dataDir, { recursive: true, force: true });
});

const files = (id: string) => ({ bodyHtml: `<p>Body of ${id}</p>`, bodyText: `Body of ${id}`, rawPage: null });

describe('electron/library/library when the file system refuses', () => {
  it('a delete whose folder cannot be moved fails, and the article stays whole, now and after a reopen', async () => {
    const library = await Library.open({ dataDir });
    await library.addArticle({ record: articleRecord('keep-0001'), files: files('keep-0001') });
    await library.addArticle({ record: articleRecord('held-0001'), files: files('held-0001') });
    faults.failRenamesTo = '.deleted-';
    await expect(library.deleteArticle({ id: 'held-0001' })).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining('could not be deleted') });
    expect(library.has('held-0001')).toBe(true);
    await library.close();
    faults.failRenamesTo = null;
    const reopened = await Library.open({ dataDir });
    await reopened.flush();
    expect((await reopened.getArticle({ id: 'held-0001' })).html).toContain('Body of held-0001');
    // And once the folder can be moved, the delete goes through and stays done.
    await reopened.deleteArticle({ id: 'held-0001' });
    await reopened.close();
    const again = await Library.open({ dataDir });
    await again.flush();
    expect(again.has('held-0001')).toBe(false);
    expect(await readdir(join(dataDir, 'articles'))).toEqual(['keep-0001']);
  });

  it('a failed import leaves no folder behind, so nothing of it appears at the next open, and it can be retried', async () => {
    const library = await Library.open({ dataDir });
    const items = Array.from({ length: 40 }, (_, i) => {
      const id = `imp-${String(i).padStart(4, '0')}`;
      return { record: articleRecord(id), files: i === 5 ? { ...files(id), images: new Map([['BAD NAME', new Uint8Array([1])]]) } : files(id) };
    });
    await expect(library.addArticles({ items, ...{ concurrency: 8 } })).rejects.toThrow(/BAD NAME/);
    expect(library.size).toBe(0);
    expect(await readdir(join(dataDir, 'articles'))).toEqual([]);
    const good = items.map((item, i) => (i === 5 ? { ...item, files: files(item.record.id) } : item));
    expect(await library.addArticles({ items: good, ...{ concurrency: 8 } })).toBe(40);
    await library.close();
    const reopened = await Library.open({ dataDir });
    await reopened.flush();
    expect(reopened.size).toBe(40);
  });
});
