import { describe, expect, it } from 'vitest';
import { describeStage, initialSaves, savesReducer } from '../../../renderer/store/saves';
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
});
