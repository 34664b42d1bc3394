import type { SaveProgress, SaveResult, SaveSource } from '../../shared/types';
import type { Action } from './actions';

/** One save the reader started here: what it is, where it is, how it ended. */
export interface SaveJob {
  requestId: string;
  label: string;
  stage: SaveProgress['stage'] | 'queued' | 'cancelled';
  done?: number;
  total?: number;
  error?: string;
  result?: SaveResult;
  /** What was saved, kept while the save can be retried or saved again as a copy. */
  source?: SaveSource;
  /** When it was started (ms since the epoch), for the elapsed time of a running save. */
  startedAt?: number;
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

const ended = (stage: SaveJob['stage']) => stage === 'done' || stage === 'failed' || stage === 'cancelled';

/** Whether a save is still running (shown with its elapsed time and Cancel). */
export const isRunning = (job: SaveJob) => !ended(job.stage);

/** What the tray shows: saves running, failed, cancelled, or found already saved; a save that ended well is a toast instead. */
export const inTray = (job: SaveJob) => job.stage !== 'done' || job.result?.duplicate === true;

export function savesReducer(state: SavesState, action: Action): SavesState {
  const update = (requestId: string, change: (job: SaveJob) => SaveJob): SavesState => {
    const at = state.jobs.findIndex((j) => j.requestId === requestId);
    if (at < 0) return state;
    const job = change(state.jobs[at]!);
    return job === state.jobs[at] ? state : { jobs: state.jobs.map((j, i) => (i === at ? job : j)) };
  };
  switch (action.type) {
    case 'saves/queued': {
      const job: SaveJob = { requestId: action.requestId, label: action.label, stage: 'queued' };
      if (action.source) job.source = action.source;
      if (action.startedAt !== undefined) job.startedAt = action.startedAt;
      // Saves that ended well are toasts already: they leave the state as the next one starts.
      return { jobs: [...state.jobs.filter(inTray), job] };
    }
    case 'saves/progressed': {
      const { requestId, stage, done, total } = action.progress;
      // The end comes with the answer (the article, or the message); the event's own end adds nothing.
      if (ended(stage)) return state;
      return update(requestId, (job) => (ended(job.stage) || (job.stage === stage && job.done === done && job.total === total) ? job : { ...job, stage, done, total }));
    }
    case 'saves/finished':
      return update(action.requestId, (job) => {
        if (job.stage === 'cancelled') return job;
        // Only a duplicate may be saved again as a copy; a saved article's text need not stay in memory.
        const { source, ...rest } = job;
        return { ...rest, ...(action.result.duplicate && source ? { source } : {}), stage: 'done', result: action.result };
      });
    case 'saves/failed':
      return update(action.requestId, (job) => (job.stage === 'cancelled' ? job : { ...job, stage: 'failed', error: action.message }));
    case 'saves/cancelled':
      return update(action.requestId, (job) => (ended(job.stage) ? job : { ...job, stage: 'cancelled' }));
    case 'saves/dismissed':
      return { jobs: state.jobs.filter((j) => j.requestId !== action.requestId) };
    case 'saves/cleared':
      return state.jobs.some((j) => ended(j.stage)) ? { jobs: state.jobs.filter((j) => !ended(j.stage)) } : state;
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
    case 'cancelled':
      return 'Cancelled';
  }
}
