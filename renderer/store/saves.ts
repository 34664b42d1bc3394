import type { SaveProgress, SaveResult } from '../../shared/types';
import type { Action } from './actions';

/** One save the reader started here: what it is, where it is, how it ended. */
export interface SaveJob {
  requestId: string;
  label: string;
  stage: SaveProgress['stage'] | 'queued';
  done?: number;
  total?: number;
  error?: string;
  result?: SaveResult;
}

/**
 * The saves tray: saves run side by side; each moves through its stages as the library's
 * `saveProgress` events tell (never by asking), and ends with the answer: done with the article,
 * or failed with the message. Progress for saves started elsewhere is not this page's.
 */
export interface SavesState {
  jobs: readonly SaveJob[];
}

export const initialSaves: SavesState = { jobs: [] };

const ended = (stage: SaveJob['stage']) => stage === 'done' || stage === 'failed';

export function savesReducer(state: SavesState, action: Action): SavesState {
  const update = (requestId: string, change: (job: SaveJob) => SaveJob): SavesState => {
    const at = state.jobs.findIndex((j) => j.requestId === requestId);
    if (at < 0) return state;
    const job = change(state.jobs[at]!);
    return job === state.jobs[at] ? state : { jobs: state.jobs.map((j, i) => (i === at ? job : j)) };
  };
  switch (action.type) {
    case 'saves/queued':
      return { jobs: [...state.jobs, { requestId: action.requestId, label: action.label, stage: 'queued' }] };
    case 'saves/progressed': {
      const { requestId, stage, done, total } = action.progress;
      // The end comes with the answer (the article, or the message); the event's own end adds nothing.
      if (ended(stage)) return state;
      return update(requestId, (job) => (ended(job.stage) || (job.stage === stage && job.done === done && job.total === total) ? job : { ...job, stage, done, total }));
    }
    case 'saves/finished':
      return update(action.requestId, (job) => ({ ...job, stage: 'done', result: action.result }));
    case 'saves/failed':
      return update(action.requestId, (job) => ({ ...job, stage: 'failed', error: action.message }));
    case 'saves/dismissed':
      return { jobs: state.jobs.filter((j) => j.requestId !== action.requestId) };
    default:
      return state;
  }
}

/** The words shown for a save's progress. */
export function describeStage(job: SaveJob): string {
  switch (job.stage) {
    case 'queued':
      return 'Waiting…';
    case 'fetching':
      return 'Fetching…';
    case 'extracting':
      return 'Extracting…';
    case 'images':
      return `Images ${job.done ?? 0}/${job.total ?? 0}`;
    case 'storing':
      return 'Storing…';
    case 'done':
      return job.result?.duplicate ? 'Already in your library' : 'Saved';
    case 'failed':
      return 'Could not save';
  }
}
