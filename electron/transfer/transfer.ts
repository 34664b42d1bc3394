/**
 * Import and export (issue 15) over one library: the contract's transfer methods, the CLI's local
 * ways in (a file by its path, an entry-by-entry report), the download queue and resuming after a
 * crash. Sits at the service's level: it uses capture, the feeds module (OPML) and the library.
 */
import type { OffprintApi } from '../../shared/api';
import { OffprintError } from '../../shared/errors';
import type { ImportEntryOutcome, ImportSummary } from '../../shared/transfer';
import type { Feeds } from '../feeds/feeds';
import type { ImportJob, Library } from '../library/library';
import { log } from '../log';
import { DownloadQueue, type DownloadOptions } from './downloads';
import { exportArticles } from './export/export';
import type { ImportFormat } from './formats/entry';
import { requireFormat } from './formats/detect';
import { listImport, resumeListing } from './import';
import { importOffprintExport } from './offprint-format';
import { type ImportInput, readImportBytes } from './read-input';
import { readExport } from './read-export';

type TransferMethods = Pick<OffprintApi, 'importFile' | 'listImports' | 'pauseImport' | 'resumeImport' | 'cancelImport' | 'listDownloads' | 'retryDownloads' | 'exportArticles'>;

export interface TransferOptions extends Omit<DownloadOptions, 'onDone'> {
  feeds: Feeds;
  /** Told an import's summary as it changes (the `importProgress` event). */
  onProgress?: (summary: ImportSummary) => void;
  /** Start working the queue of imports left downloading (the app and `serve`; the CLI's `downloads --run` asks). */
  autoStart?: boolean;
}

export interface Transfer extends TransferMethods {
  /** The CLI's import of an opened file, telling each entry's outcome as it is acknowledged. */
  importInput(input: ImportInput, options: { format?: ImportFormat; download: boolean; wayback: boolean; onEntry?: (o: ImportEntryOutcome) => void }): Promise<ImportSummary>;
  /** Starts (again) every import's downloads, paused ones included (`offprint downloads --run`). */
  runAll(): Promise<void>;
  /** Resolves when the queue has nothing left to do (paused imports aside). */
  downloadsIdle(): Promise<void>;
  /** A user's own save: ahead of every download. */
  userSave<T>(save: () => Promise<T>): Promise<T>;
  /** A user saving the address of an article that is waiting: it is downloaded now, keeping its state. */
  downloadNow(id: string): Promise<void>;
  /** Resolves once imports left unfinished by a crash are recorded again. */
  readonly resumed: Promise<void>;
  summary(job: ImportJob): ImportSummary;
  /** The feeds module (OPML export). */
  readonly feeds: Feeds;
  close(): Promise<void>;
}

export function createTransfer(library: Library, options: TransferOptions): Transfer {
  const now = options.now ?? (() => new Date());
  const lastTold = new Map<string, number>();
  const cancelling = new Set<string>();
  const tell = (job: ImportJob, force = false) => {
    const at = Date.now();
    if (!force && at - (lastTold.get(job.id) ?? 0) < 200) return;
    lastTold.set(job.id, at);
    options.onProgress?.(summarize(library, job));
  };
  const jobWrites = new Map<string, Promise<void>>();
  /** The job updates after each download, still being written (downloadsIdle waits for them). */
  const keeping = new Set<Promise<void>>();
  /** Keeps a job's counts of downloads (written at most every two seconds, and when it ends). */
  const touch = async (jobId: string, change: (job: ImportJob) => ImportJob, durable = false) => {
    const jobs = await library.importJobs();
    const job = jobs.get(jobId);
    if (!job) return;
    const next = change(job);
    const write = async () => {
      await jobs.write(next);
    };
    const previous = jobWrites.get(jobId) ?? Promise.resolve();
    const due = durable || Date.now() - (lastTold.get(`w:${jobId}`) ?? 0) > 2000;
    if (due) {
      lastTold.set(`w:${jobId}`, Date.now());
      const done = previous.then(write, write);
      jobWrites.set(jobId, done);
      await done;
    } else {
      // In memory now; written with the next due write.
      jobs.remember(next);
    }
    tell(next, durable);
  };
  const queue = new DownloadQueue(library, {
    ...options,
    onDone: (id, outcome, placed) => {
      const jobId = library.downloadOf(id)?.importId ?? library.summary(id).download?.importId ?? findJobOf(id);
      if (!jobId) return;
      const bookkeeping = (async () => {
        await touch(jobId, (job) => ({ ...job, counts: { ...job.counts, downloaded: job.counts.downloaded + (outcome === 'downloaded' ? 1 : 0), failed: job.counts.failed + (outcome === 'failed' ? 1 : 0), placed: job.counts.placed + placed } }));
        await finishIfDone(jobId);
      })().catch((error: unknown) => log.warn('An import job could not be updated', error));
      keeping.add(bookkeeping);
      void bookkeeping.finally(() => keeping.delete(bookkeeping));
    },
  });
  const jobOf = new Map<string, string>();
  const findJobOf = (id: string) => jobOf.get(id) ?? null;

  async function finishIfDone(jobId: string): Promise<void> {
    const jobs = await library.importJobs();
    const job = jobs.get(jobId);
    if (!job || job.status !== 'downloading' || queue.pending(jobId) > 0) return;
    const s = summarize(library, job);
    if (s.waiting > 0) return;
    const done: ImportJob = { ...job, status: 'done', finishedAt: now().toISOString(), counts: { ...job.counts, downloaded: s.downloaded, failed: s.failed } };
    await jobs.write(done);
    await jobs.dropFiles(job.id, ['content']);
    tell(done, true);
  }

  function enqueue(job: ImportJob): void {
    for (const id of job.ids) jobOf.set(id, job.id);
    if (job.status === 'downloading') queue.add(job);
  }

  const resumed = (async () => {
    if (!library.writable) return;
    const jobs = await library.importJobs();
    for (const job of jobs.list()) {
      let current = job;
      if (job.status === 'listing') current = await resumeListing(library, job, { onJob: (j) => tell(j) });
      if (current.status === 'downloading' && options.autoStart !== false) enqueue(current);
      else for (const id of current.ids) jobOf.set(id, current.id);
      if (current.status === 'downloading') await finishIfDone(current.id);
    }
  })();
  resumed.catch((error: unknown) => log.error('An unfinished import could not be resumed', error));

  async function importInput(input: ImportInput, opts: { format?: ImportFormat; download: boolean; wayback: boolean; onEntry?: (o: ImportEntryOutcome) => void }): Promise<ImportSummary> {
    await resumed.catch(() => undefined);
    try {
      const read = await readExport(input, opts.format);
      let job: ImportJob;
      if (read.kind === 'opml') job = await importOpml(read.text, input.name, opts.onEntry);
      else if (read.kind === 'offprint') job = await importOffprintExport(library, read.zip, { name: input.name, now, onEntry: opts.onEntry });
      else {
        job = await listImport(library, read.parsed, input.kind === 'zip' ? input.zip : null, {
          name: input.name,
          download: opts.download,
          wayback: opts.wayback,
          onEntry: opts.onEntry,
          onJob: (j) => tell(j),
          shouldStop: () => cancelling.has(job?.id ?? ''),
          now,
        });
        enqueue(job);
        tell(job, true);
        await finishIfDone(job.id);
      }
      return summarize(library, (await library.importJobs()).get(job.id) ?? job);
    } finally {
      if (input.kind === 'zip') input.zip.close();
    }
  }

  async function importOpml(text: string, name: string, onEntry?: (o: ImportEntryOutcome) => void): Promise<ImportJob> {
    const report = await options.feeds.importOpml({ opml: text });
    const jobs = await library.importJobs();
    const duplicate = (reason: string) => /already/i.test(reason);
    for (const a of report.added) onEntry?.({ url: a.url, id: a.id, title: a.title, tags: a.folder ? [a.folder] : [], archived: false, bookmarked: false, status: 'imported' });
    for (const s of report.skipped) onEntry?.({ url: s.url, id: null, title: s.title, tags: [], archived: false, bookmarked: false, status: duplicate(s.reason) ? 'duplicate' : 'skipped', reason: s.reason });
    const job: ImportJob = {
      schemaVersion: 1,
      id: library.newId(),
      name,
      format: 'opml',
      createdAt: now().toISOString(),
      options: { download: false, wayback: false },
      status: 'done',
      total: report.added.length,
      listed: report.added.length,
      ids: [],
      counts: { imported: report.added.length, duplicates: report.skipped.filter((s) => duplicate(s.reason)).length, skipped: report.skipped.filter((s) => !duplicate(s.reason)).length, highlights: 0, downloaded: 0, failed: 0, placed: 0 },
      skipped: report.skipped.slice(0, 1000),
      finishedAt: now().toISOString(),
    };
    await jobs.write(job);
    return job;
  }

  async function requireJob(id: string): Promise<ImportJob> {
    const job = (await library.importJobs()).get(id);
    if (!job) throw new OffprintError('not-found', `There is no import with the id ${id}.`);
    return job;
  }

  async function setStatus(job: ImportJob, status: ImportJob['status']): Promise<ImportSummary> {
    const next = { ...job, status };
    await (await library.importJobs()).write(next);
    tell(next, true);
    return summarize(library, next);
  }

  return {
    feeds: options.feeds,
    resumed,
    importInput,
    summary: (job) => summarize(library, job),
    async importFile({ file, format, download, wayback }) {
      const bytes = 'text' in file ? new TextEncoder().encode(file.text) : Uint8Array.from(Buffer.from(file.base64, 'base64'));
      const input = await readImportBytes(bytes, file.name);
      return { import: await importInput(input, { format: format ? requireFormat(format) : undefined, download: download ?? true, wayback: wayback ?? false }) };
    },
    async listImports() {
      await resumed.catch(() => undefined);
      return { imports: (await library.importJobs()).list().map((job) => summarize(library, job)) };
    },
    async pauseImport({ id }) {
      const job = await requireJob(id);
      if (job.status !== 'downloading') return summarize(library, job);
      queue.pause(id);
      return setStatus(job, 'paused');
    },
    async resumeImport({ id }) {
      const job = await requireJob(id);
      if (job.status !== 'paused' && job.status !== 'downloading') return summarize(library, job);
      const next = job.status === 'paused' ? { ...job, status: 'downloading' as const } : job;
      if (next !== job) await (await library.importJobs()).write(next);
      enqueue(next);
      await finishIfDone(id);
      tell(next, true);
      return summarize(library, (await library.importJobs()).get(id) ?? next);
    },
    async cancelImport({ id }) {
      const job = await requireJob(id);
      if (job.status === 'done' || job.status === 'cancelled') return summarize(library, job);
      cancelling.add(id);
      queue.drop(id);
      // What is still waiting goes; what was downloaded stays (it is the reader's now).
      const removed = await library.removeWaiting({ ids: job.ids });
      const gone = new Set(removed);
      const next: ImportJob = { ...job, status: 'cancelled', finishedAt: now().toISOString(), ids: job.ids.filter((i) => !gone.has(i)) };
      await (await library.importJobs()).write(next);
      await (await library.importJobs()).dropFiles(id, ['entries', 'content']);
      tell(next, true);
      return summarize(library, next);
    },
    async listDownloads({ status, offset = 0, limit = 50 }) {
      await resumed.catch(() => undefined);
      const jobs = (await library.importJobs()).list();
      let waiting = 0;
      let failed = 0;
      const matching: string[] = [];
      for (const job of jobs) {
        for (const id of job.ids) {
          const d = library.downloadOf(id);
          if (!d) continue;
          if (d.status === 'waiting') waiting++;
          else failed++;
          if (!status || d.status === status) matching.push(id);
        }
      }
      return { items: matching.slice(offset, offset + limit).map((id) => library.summary(id)), total: matching.length, waiting, failed, running: queue.running };
    },
    async retryDownloads({ ids }) {
      const jobs = await library.importJobs();
      const wanted = ids ? new Set(ids) : null;
      let retried = 0;
      for (const job of jobs.list()) {
        for (const id of job.ids) {
          const d = library.downloadOf(id);
          if (d?.status !== 'failed' || (wanted && !wanted.has(id))) continue;
          await library.setDownloadState(id, { ...d, status: 'waiting', attempts: 0, error: null });
          retried++;
        }
        if (retried && (job.status === 'done' || job.status === 'paused')) {
          const next = { ...job, status: 'downloading' as const, finishedAt: null };
          await jobs.write(next);
          enqueue(next);
        } else if (job.status === 'downloading') enqueue(job);
      }
      return { retried };
    },
    exportArticles: (args) => exportArticles(library, options.feeds, args, now),
    async runAll() {
      await resumed.catch(() => undefined);
      const jobs = await library.importJobs();
      for (const job of jobs.list()) {
        if (job.status === 'paused') {
          const next = { ...job, status: 'downloading' as const };
          await jobs.write(next);
          queue.add(next);
          for (const id of next.ids) jobOf.set(id, next.id);
        } else if (job.status === 'downloading') queue.add(job);
      }
    },
    async downloadsIdle() {
      // The queue, then the job updates its last downloads started (a finished job is written as done).
      do {
        await queue.idle();
        await Promise.all([...keeping]);
      } while (queue.running || keeping.size);
    },
    userSave: (save) => queue.userSave(save),
    downloadNow: (id) => queue.downloadNow(id),
    async close() {
      await resumed.catch(() => undefined);
      await queue.stop();
      for (const write of jobWrites.values()) await write.catch(() => undefined);
      // The counts in memory are written once more, so a clean close keeps them.
      const jobs = await library.importJobs();
      for (const job of jobs.list()) if (job.status === 'downloading' || job.status === 'paused') await jobs.write(job).catch(() => undefined);
    },
  };
}

/** An import's summary: its job, with the downloads counted from the articles themselves. */
function summarize(library: Library, job: ImportJob): ImportSummary {
  let waiting = 0;
  let failed = 0;
  let present = 0;
  for (const id of job.ids) {
    if (!library.has(id)) continue;
    present++;
    const d = library.downloadOf(id);
    if (d?.status === 'waiting') waiting++;
    else if (d?.status === 'failed') failed++;
  }
  return {
    id: job.id,
    name: job.name,
    format: job.format,
    status: job.status,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    wayback: job.options.wayback,
    listed: job.listed,
    total: job.total,
    imported: job.counts.imported,
    duplicates: job.counts.duplicates,
    skipped: job.counts.skipped,
    highlights: job.counts.highlights,
    placed: job.counts.placed,
    downloaded: job.format === 'offprint' || job.format === 'opml' ? job.counts.downloaded : present - waiting - failed,
    failed,
    waiting,
    skippedEntries: job.skipped.slice(0, 50),
  };
}
