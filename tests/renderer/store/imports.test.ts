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
});
