import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../electron/library/library';
import { librarySearchSource } from '../../../electron/search/library-source';
import { durableSearchFiles, type SearchFiles } from '../../../electron/search/search-files';
import { SearchIndex } from '../../../electron/search/search-index';
import { createOffprintService } from '../../../electron/service';
import { articleRecord } from '../../helpers/records';

const text = (body: string) => ({ bodyHtml: `<p>${body}</p>`, bodyText: body, rawPage: null });
const everything = { key: 'test:1', mode: 'exclude' as const, ids: [] };

function enospc(file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, write '${file}.123.tmp'`), { code: 'ENOSPC' });
}

/** The real files, with writes, appends or both made to fail as a full disk fails them, when switched on. */
function faultyFiles(): SearchFiles & { full: { write: boolean; append: boolean }; writes: string[] } {
  const full = { write: false, append: false };
  const writes: string[] = [];
  return {
    full,
    writes,
    async write(file, data) {
      writes.push(file);
      if (full.write) throw enospc(file);
      await durableSearchFiles.write(file, data);
    },
    async append(file, line) {
      if (full.append) throw enospc(file);
      await durableSearchFiles.append(file, line);
    },
    remove: durableSearchFiles.remove,
  };
}

describe('electron/search/search-index on a full disk', () => {
  let dataDir: string;
  let library: Library;
  let logged: string[];
  const open = (files?: SearchFiles) => new SearchIndex(dataDir, { source: librarySearchSource(dataDir), files, log: (m) => logged.push(m) });
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'offprint-search-faults-'));
    library = await Library.open({ dataDir });
    logged = [];
    await library.addArticle({ record: articleRecord('one-0001', { title: 'First' }), files: text('Alpha bravo charlie.') });
  });
  afterEach(async () => {
    await library.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('builds and searches from memory when the index cannot be written, and says so without failing at close', async () => {
    const files = faultyFiles();
    files.full.write = true;
    const search = open(files);
    const service = createOffprintService(library, { search });
    expect(await search.start()).toMatchObject({ rebuilt: true, docs: 1, notSaved: 'the disk is full (ENOSPC)' });
    expect((await service.searchArticles({ query: 'bravo' })).total).toBe(1);
    await library.addArticle({ record: articleRecord('two-0001', { title: 'Second' }), files: text('Delta echo foxtrot.') });
    expect((await service.searchArticles({ query: 'echo' })).items.map((h) => h.article.id)).toEqual(['two-0001']);
    await expect(service.close()).resolves.toBeUndefined();
    expect(logged.length).toBeGreaterThanOrEqual(2);
    for (const line of logged) {
      expect(line).toBe(`search: the search index could not be saved in ${join(dataDir, 'search')}: the disk is full (ENOSPC). Search works from memory until it can be.`);
    }
    // Nothing was lost: the next start, with room on the disk, builds it again from the library.
    const next = open();
    expect(await next.start()).toMatchObject({ rebuilt: true, docs: 2 });
    expect((await next.search('echo', everything)).ids).toEqual(['two-0001']);
    await next.close();
  });

  it('closes on a full disk without throwing, and the next start loads the old index and catches up from the journal', async () => {
    const files = faultyFiles();
    const search = open(files);
    await search.start();
    files.full.write = true;
    const service = createOffprintService(library, { search });
    await library.addArticle({ record: articleRecord('two-0001', { title: 'Second' }), files: text('Delta echo foxtrot.') });
    await expect(service.close()).resolves.toBeUndefined();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('could not be saved');
    const next = open();
    expect(await next.start()).toMatchObject({ rebuilt: false, docs: 2, caughtUp: 1 });
    expect((await next.search('echo', everything)).ids).toEqual(['two-0001']);
    await next.close();
  });

  it('keeps a change it could not journal in memory, and drops the saved index so the next start rebuilds', async () => {
    const first = open();
    await first.start();
    await first.close();
    const files = faultyFiles();
    const search = open(files);
    const service = createOffprintService(library, { search });
    await search.start();
    files.full.append = true;
    files.full.write = true;
    // A replaced body: the one change the next start could not see by comparing ids.
    await library.addArticle({ record: articleRecord('one-0001', { title: 'First' }), files: text('Now about walruses.') });
    expect((await service.searchArticles({ query: 'walruses' })).total).toBe(1);
    expect(existsSync(join(dataDir, 'search', 'index.bin'))).toBe(false);
    expect(logged[0]).toBe(
      `search: a change could not be written to the search journal in ${join(dataDir, 'search')}: the disk is full (ENOSPC). The search index will be rebuilt at the next start.`,
    );
    await expect(service.close()).resolves.toBeUndefined();
    const next = open();
    expect(await next.start()).toMatchObject({ rebuilt: true, docs: 1 });
    expect((await next.search('walruses', everything)).ids).toEqual(['one-0001']);
    expect((await next.search('bravo', everything)).ids).toEqual([]);
    await next.close();
  });

  it('does not try to write the index again at every change once a write has failed', async () => {
    const files = faultyFiles();
    const search = open(files);
    await search.start();
    files.full.write = true;
    files.writes.length = 0;
    for (let i = 0; i < 250; i++) await search.record({ type: 'delete', id: `gone-${i}` });
    await search.writeIndexFile();
    // One due after 200 changes, then the one asked for; not one per change after the first failure.
    expect(files.writes.filter((f) => f.endsWith('index.bin'))).toHaveLength(2);
    await expect(search.close()).resolves.toBeUndefined();
  });

  it('answers from memory in its worker when the index file cannot be replaced', async () => {
    // A folder where the index file should be: it cannot be read, nor renamed over.
    await mkdir(join(dataDir, 'search', 'index.bin'), { recursive: true });
    await writeFile(join(dataDir, 'search', 'index.bin', 'keep'), 'x');
    const search = open();
    const report = await search.start();
    expect(report).toMatchObject({ rebuilt: true, docs: 1 });
    expect(report.notSaved).toMatch(/^it could not be written \(E[A-Z]+\)$/);
    expect((await search.search('bravo', everything)).ids).toEqual(['one-0001']);
    await expect(search.close()).resolves.toBeUndefined();
    expect(logged.join('\n')).not.toContain('.tmp');
  });

  it('removes the temporary index file a killed process left, and keeps one whose process is alive (issue 17.8)', async () => {
    await mkdir(join(dataDir, 'search'), { recursive: true });
    const dead = join(dataDir, 'search', '.index.bin.999999999.0123456789ab.tmp');
    const live = join(dataDir, 'search', `.index.bin.${process.pid}.0123456789ab.tmp`);
    await writeFile(dead, Buffer.alloc(1024));
    await writeFile(live, Buffer.alloc(16));
    const index = open();
    await index.start();
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    await index.close();
  });
});
