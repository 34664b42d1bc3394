import { useCallback, useEffect, useRef, useState } from 'react';
import type { OffprintApi } from '../../shared/api';
import type { SaveProgress, SaveResult, SaveSource } from '../../shared/types';

/** One save the reader started: what it is, where it is, how it ended. */
export interface SaveJob {
  requestId: string;
  label: string;
  stage: SaveProgress['stage'] | 'queued';
  done?: number;
  total?: number;
  error?: string;
  result?: SaveResult;
}

const POLL_MS = 250;

function newRequestId(): string {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Saves run side by side; each shows its progress ("Fetching…", "Images 7/12") by polling the
 * library's list of running saves, and ends as done (with the article) or failed (with the message).
 */
export function useSaves(api: OffprintApi, onSaved: (result: SaveResult) => void) {
  const [jobs, setJobs] = useState<SaveJob[]>([]);
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;
  const running = jobs.some((j) => j.stage !== 'done' && j.stage !== 'failed');

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      api.listSaves({}).then(
        (list) =>
          setJobs((current) =>
            current.map((job) => {
              const p = list.find((x) => x.requestId === job.requestId);
              if (!p || job.stage === 'done' || job.stage === 'failed' || p.stage === 'done' || p.stage === 'failed') return job;
              return { ...job, stage: p.stage, done: p.done, total: p.total };
            }),
          ),
        () => undefined,
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, running]);

  const save = useCallback(
    async (source: SaveSource, label: string) => {
      const requestId = newRequestId();
      setJobs((current) => [...current, { requestId, label, stage: 'queued' }]);
      const update = (patch: Partial<SaveJob>) => setJobs((current) => current.map((j) => (j.requestId === requestId ? { ...j, ...patch } : j)));
      try {
        const result = await api.saveArticle({ source, requestId });
        update({ stage: 'done', result });
        onSavedRef.current(result);
      } catch (error) {
        update({ stage: 'failed', error: (error as Error).message });
      }
    },
    [api],
  );

  const dismiss = useCallback((requestId: string) => setJobs((current) => current.filter((j) => j.requestId !== requestId)), []);
  return { jobs, save, dismiss };
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
