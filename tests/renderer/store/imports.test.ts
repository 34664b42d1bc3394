import { describe, expect, it } from 'vitest';
import { importsReducer, initialImports } from '../../../renderer/store/imports';
import { EVENT_ACTIONS } from '../../../renderer/store/events';
import { appReducer, initialState } from '../../../renderer/store/state';
import type { ImportSummary } from '../../../shared/transfer';

const job = (id: string, patch: Partial<ImportSummary> = {}): ImportSummary => ({
  id,
  name: 'pocket.zip',
  format: 'pocket-csv',
  status: 'downloading',
  createdAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  wayback: false,
  listed: 10,
  total: 10,
  imported: 10,
  duplicates: 0,
  skipped: 0,
  highlights: 0,
  placed: 0,
  downloaded: 0,
  failed: 0,
  waiting: 10,
  skippedEntries: [],
  ...patch,
});

describe('renderer/store/imports', () => {
  it('loads the imports, puts each progress in its place and adds a new one at the end', () => {
    const loaded = importsReducer(initialImports, { type: 'imports/loaded', imports: [job('a'), job('b')] });
    const progressed = importsReducer(loaded, { type: 'imports/progressed', summary: job('a', { downloaded: 4, waiting: 6 }) });
    expect(progressed.list!.map((i) => [i.id, i.downloaded])).toEqual([
      ['a', 4],
      ['b', 0],
    ]);
    expect(progressed.list![1]).toBe(loaded.list![1]);
    const added = importsReducer(progressed, { type: 'imports/progressed', summary: job('c') });
    expect(added.list!.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(importsReducer(added, { type: 'feeds/changed', ids: [] })).toBe(added);
  });

  it('the importProgress event reaches the state through its action', () => {
    const state = appReducer(initialState, EVENT_ACTIONS.importProgress(job('z', { status: 'done', downloaded: 10, waiting: 0 })));
    expect(state.imports.list).toEqual([expect.objectContaining({ id: 'z', status: 'done' })]);
    expect(state.articles).toBe(initialState.articles);
  });

  it('a file being sent, then its answer put in the list, or its error kept until the next file', () => {
    const sending = importsReducer(initialImports, { type: 'imports/sending', name: 'pocket.zip' });
    expect(sending).toMatchObject({ sending: 'pocket.zip', error: null, list: null });
    const accepted = importsReducer(sending, { type: 'imports/accepted', summary: job('a', { status: 'paused' }) });
    expect(accepted.sending).toBeNull();
    expect(accepted.list!.map((i) => [i.id, i.status])).toEqual([['a', 'paused']]);
    // The event that told the same import a moment earlier or later leaves one entry.
    const told = importsReducer(accepted, { type: 'imports/progressed', summary: job('a', { status: 'downloading' }) });
    expect(told.list!.map((i) => [i.id, i.status])).toEqual([['a', 'downloading']]);
    const refused = importsReducer(importsReducer(told, { type: 'imports/sending', name: 'bad.csv' }), { type: 'imports/failed', message: 'That file looks like a spreadsheet without a url column.' });
    expect(refused).toMatchObject({ sending: null, error: 'That file looks like a spreadsheet without a url column.' });
    expect(refused.list).toBe(told.list);
    expect(importsReducer(refused, { type: 'imports/sending', name: 'good.csv' }).error).toBeNull();
  });

  it('keeps the failed downloads as read, and an export: busy, then where it was written or why not', () => {
    const failed = importsReducer(initialImports, { type: 'imports/failedDownloads', items: [], total: 3 });
    expect(failed.failedDownloads).toEqual({ items: [], total: 3 });
    const asked = importsReducer(failed, { type: 'exports/requested' });
    expect(asked).toMatchObject({ exporting: true, exportError: null });
    const result = { format: 'epub' as const, path: '/data/exports/offprint.epub', filename: 'offprint.epub', articles: 2, bytes: 4096 };
    const written = importsReducer(asked, { type: 'exports/written', result });
    expect(written).toMatchObject({ exporting: false, exported: result, failedDownloads: failed.failedDownloads });
    const again = importsReducer(importsReducer(written, { type: 'exports/requested' }), { type: 'exports/failed', message: 'No article has that tag.' });
    expect(again).toMatchObject({ exporting: false, exportError: 'No article has that tag.', exported: result });
  });
});
