import { useEffect, useState } from 'react';
import { displayTitle } from '../display-title';
import { plainMessage } from '../plain-errors';
import { routeHref } from '../route';
import { describeStage, inTray, isRunning, type SaveJob } from '../store/saves';

export interface SaveJobActions {
  onDismiss: (job: SaveJob) => void;
  onCancel: (job: SaveJob) => void;
  onRetry: (job: SaveJob) => void;
  /** Puts the job's address (or text) back where it can be corrected. */
  onEdit: (job: SaveJob) => void;
  onSaveCopy: (job: SaveJob) => void;
  onClearFinished: () => void;
}

/** "0:07": how long a save has run. A clock for the eye, re-armed each second while the save runs; it asks the library nothing. */
function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setTimeout(() => setNow(Date.now()), 1000 - ((Date.now() - since) % 1000));
    return () => clearTimeout(timer);
  }, [now, since]);
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  return (
    <span className="save-job-elapsed" aria-hidden="true">
      {Math.floor(seconds / 60)}:{String(seconds % 60).padStart(2, '0')}
    </span>
  );
}

function JobLine({ job, actions }: { job: SaveJob; actions: SaveJobActions }) {
  const running = isRunning(job);
  const isUrl = job.source?.kind === 'url';
  return (
    <li className={`save-job save-job-${job.stage}`}>
      <span className="save-job-label" title={job.label}>
        {job.result ? displayTitle(job.result.article) : job.label}
      </span>
      <span className="save-job-stage" role={job.stage === 'failed' ? undefined : 'status'}>
        {describeStage(job)}
        {running && job.startedAt !== undefined && <Elapsed since={job.startedAt} />}
      </span>
      {job.error && (
        <span className="save-job-error" role="alert">
          {plainMessage(job.error)}
        </span>
      )}
      <span className="save-job-actions">
        {running && (
          <button type="button" className="small" onClick={() => actions.onCancel(job)} aria-label={`Cancel saving ${job.label}`}>
            Cancel
          </button>
        )}
        {job.stage === 'done' && job.result && (
          <>
            <a href={routeHref({ name: 'article', id: job.result.article.id })}>Open</a>
            {job.source && (
              <button type="button" className="small" onClick={() => actions.onSaveCopy(job)}>
                Save another copy
              </button>
            )}
          </>
        )}
        {(job.stage === 'failed' || job.stage === 'cancelled') && job.source && (
          <>
            <button type="button" className="small" onClick={() => actions.onRetry(job)}>
              Retry
            </button>
            {(isUrl || job.source.kind === 'text') && (
              <button type="button" className="small" onClick={() => actions.onEdit(job)}>
                {isUrl ? 'Edit address' : 'Edit text'}
              </button>
            )}
          </>
        )}
        {!running && (
          <button type="button" className="link-button" aria-label={`Dismiss ${job.label}`} title="Dismiss" onClick={() => actions.onDismiss(job)}>
            <span aria-hidden="true">×</span>
          </button>
        )}
      </span>
    </li>
  );
}

/**
 * The saves tray, kept small: a chip ("Saving 2…", "1 failed") that opens the list of saves
 * running, failed, cancelled or found already saved; a save that ended well is a toast instead.
 * Open by itself when something needs the reader. Props only.
 */
export function SavesTray({ jobs, actions }: { jobs: readonly SaveJob[]; actions: SaveJobActions }) {
  const shown = jobs.filter(inTray);
  const running = shown.filter(isRunning).length;
  const needsYou = shown.length - running;
  const [open, setOpen] = useState(true);
  // Something new that needs the reader opens the tray again.
  useEffect(() => {
    if (needsYou > 0) setOpen(true);
  }, [needsYou]);
  if (shown.length === 0) return null;
  const chip = [running ? `Saving ${running}…` : null, needsYou ? `${needsYou} to look at` : null].filter(Boolean).join(' · ');
  return (
    <section className="saves-tray" aria-label="Saves in progress">
      <div className="saves-head">
        <button type="button" className="saves-chip" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
          {running > 0 && <span className="spinner" aria-hidden="true" />}
          {chip}
        </button>
        {needsYou > 0 && (
          <button type="button" className="small" onClick={actions.onClearFinished}>
            Clear finished
          </button>
        )}
      </div>
      {open && (
        <ul className="save-queue" aria-label="Saves">
          {shown.map((job) => (
            <JobLine key={job.requestId} job={job} actions={actions} />
          ))}
        </ul>
      )}
    </section>
  );
}
