import { routeHref } from '../route';
import { describeStage, type SaveJob } from '../store/saves';

interface Props {
  jobs: readonly SaveJob[];
  onDismiss: (requestId: string) => void;
}

/** Saves in progress and just finished, each with its stage or its error message. */
export function SaveQueue({ jobs, onDismiss }: Props) {
  if (jobs.length === 0) return null;
  return (
    <ul className="save-queue" aria-label="Saves">
      {jobs.map((job) => (
        <li key={job.requestId} className={`save-job save-job-${job.stage}`}>
          <span className="save-job-label">{job.result ? job.result.article.title : job.label}</span>
          <span className="save-job-stage" role={job.stage === 'failed' ? undefined : 'status'}>
            {describeStage(job)}
          </span>
          {job.error && (
            <span className="save-job-error" role="alert">
              {job.error}
            </span>
          )}
          {job.result && <a href={routeHref({ name: 'article', id: job.result.article.id })}>Open</a>}
          {(job.stage === 'done' || job.stage === 'failed') && (
            <button type="button" className="link-button" aria-label={`Dismiss ${job.label}`} onClick={() => onDismiss(job.requestId)}>
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
