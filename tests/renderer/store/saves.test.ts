import { describe, expect, it } from 'vitest';
import { describeStage, inTray, initialSaves, isRunning, savesReducer } from '../../../renderer/store/saves';
import type { Action } from '../../../renderer/store/actions';
import { summary } from './helpers';

const run = (actions: Action[]) => actions.reduce(savesReducer, initialSaves);
const progress = (requestId: string, stage: 'fetching' | 'images' | 'done', done?: number, total?: number): Action => ({ type: 'saves/progressed', progress: { requestId, stage, label: 'x', done, total } });

describe('renderer/store/saves', () => {
  it('moves a save through the stages the library tells, and ends it with the answer', () => {
    const state = run([{ type: 'saves/queued', requestId: 'r1', label: 'https://a.example/' }, progress('r1', 'fetching'), progress('r1', 'images', 7, 12)]);
    expect(state.jobs.map(describeStage)).toEqual(['Images 7/12']);
    // The event's own end adds nothing; the answer brings the article.
    const ended = run([{ type: 'saves/queued', requestId: 'r1', label: 'https://a.example/' }, progress('r1', 'done'), { type: 'saves/finished', requestId: 'r1', result: { article: summary('a', 1), duplicate: false } }, progress('r1', 'images', 1, 2)]);
    expect(ended.jobs[0]).toMatchObject({ stage: 'done', result: { article: { id: 'a' } } });
  });

  it('ignores progress of saves started elsewhere, and shows a failure as its message until dismissed', () => {
    const state = run([progress('not-mine', 'fetching'), { type: 'saves/queued', requestId: 'r2', label: 'x' }, { type: 'saves/failed', requestId: 'r2', message: 'That address returned application/pdf, not a web page.' }]);
    expect(state.jobs).toEqual([{ requestId: 'r2', label: 'x', stage: 'failed', error: 'That address returned application/pdf, not a web page.' }]);
    expect(savesReducer(state, { type: 'saves/dismissed', requestId: 'r2' }).jobs).toEqual([]);
    expect(savesReducer(state, progress('not-mine', 'images', 1, 2))).toBe(state);
  });

  it('Cancel shows at once and the failure that follows changes nothing; Clear finished keeps only running saves', () => {
    const queued: Action[] = [
      { type: 'saves/queued', requestId: 'a', label: 'a', source: { kind: 'url', url: 'https://a.example/' }, startedAt: 1000 },
      { type: 'saves/queued', requestId: 'b', label: 'b' },
      { type: 'saves/queued', requestId: 'c', label: 'c' },
    ];
    const state = run([...queued, { type: 'saves/cancelled', requestId: 'a' }, { type: 'saves/failed', requestId: 'a', message: 'The save was cancelled; nothing was stored.' }, { type: 'saves/failed', requestId: 'b', message: 'no' }]);
    expect(state.jobs.map((j) => [j.requestId, j.stage, describeStage(j)])).toEqual([
      ['a', 'cancelled', 'Cancelled'],
      ['b', 'failed', 'Could not save'],
      ['c', 'queued', 'Waiting…'],
    ]);
    expect(state.jobs[0]).toMatchObject({ source: { kind: 'url' }, startedAt: 1000 });
    expect(isRunning(state.jobs[2]!)).toBe(true);
    expect(savesReducer(state, { type: 'saves/cleared' }).jobs.map((j) => j.requestId)).toEqual(['c']);
  });

  it('a save that ended well leaves the tray (it is a toast) and lets go of its text; a duplicate stays, to be opened or saved as a copy', () => {
    const text = { kind: 'text' as const, text: 'A long pasted text' };
    const done = run([{ type: 'saves/queued', requestId: 'a', label: 'a', source: text }, { type: 'saves/finished', requestId: 'a', result: { article: summary('x', 1), duplicate: false } }]);
    expect(done.jobs[0]!.source).toBeUndefined();
    expect(done.jobs.filter(inTray)).toEqual([]);
    const duplicate = run([{ type: 'saves/queued', requestId: 'b', label: 'b', source: text }, { type: 'saves/finished', requestId: 'b', result: { article: summary('x', 1), duplicate: true } }]);
    expect(duplicate.jobs.filter(inTray)).toHaveLength(1);
    expect(duplicate.jobs[0]!.source).toEqual(text);
    expect(describeStage(duplicate.jobs[0]!)).toBe('Already in your library');
    // The next save drops the ones that are toasts already.
    expect(savesReducer(done, { type: 'saves/queued', requestId: 'n', label: 'n' }).jobs.map((j) => j.requestId)).toEqual(['n']);
  });
});
