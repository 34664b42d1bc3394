/**
 * The download queue: articles waiting to be downloaded (from imports) are fetched through the
 * normal capture pipeline, at most 2 at a time per host and 6 in all (every request of a download,
 * its page and each image, also holds a slot of the same limits), a user's own save always first:
 * while one runs, no download starts. Content the export held is stored instead of the web (its
 * images fetched as for any save). A dead page may come from the Wayback Machine when its import
 * asked for it. A failure that may pass (a timeout, a server error) is tried again later, up to
 * three times; the reason of the last is kept on the article.
 */
import { wordCount, readingMinutes } from '../../shared/reading';
import { normalizeArticleUrl } from '../../shared/url';
import { toErrorValue } from '../../shared/errors';
import { captureArticle, captureArticleHtml, type CaptureOptions, type CapturedArticle } from '../capture/capture';
import type { Extractor } from '../capture/extractor';
import { networkPolicy } from '../capture/network/network-policy';
import { HostPool, pooledFetch } from '../feeds/pool';
import type { ArticleRecord, ImportJob, Library } from '../library/library';
import { log } from '../log';
import { placeQuote } from './formats/place-quote';
import { findWaybackCopy, isDeadLink, isTransient } from './wayback';

export interface DownloadOptions extends Pick<CaptureOptions, 'fetch' | 'lookup' | 'limits' | 'imageLimits'> {
  extractor: Extractor;
  perHost?: number;
  total?: number;
  /** The Wayback Machine's address (tests answer from a local server). */
  waybackHost?: string;
  /** Most attempts of a download that keeps failing in a way that may pass. */
  maxAttempts?: number;
  now?: () => Date;
  /** Told after each download (done or failed), with the article's id and its job. */
  onDone?: (id: string, outcome: 'downloaded' | 'failed', placed: number) => void;
}

const MAX_ATTEMPTS = 3;

export class DownloadQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly active = new Map<string, { host: string; abort: AbortController }>();
  private readonly perHostActive = new Map<string, number>();
  private readonly pool: HostPool;
  private readonly perHost: number;
  private readonly total: number;
  private userSaves = 0;
  private stopped = false;
  private readonly paused = new Set<string>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly library: Library,
    private readonly options: DownloadOptions,
  ) {
    this.perHost = options.perHost ?? 2;
    this.total = options.total ?? 6;
    this.pool = new HostPool(this.perHost, this.total);
  }

  /** Adds a job's articles that are still waiting (in its order). */
  add(job: ImportJob): void {
    this.paused.delete(job.id);
    for (const id of job.ids) {
      if (this.queued.has(id) || this.active.has(id)) continue;
      if (this.library.downloadOf(id)?.status !== 'waiting') continue;
      this.queue.push(id);
      this.queued.add(id);
    }
    this.pump();
  }

  /** Stops starting downloads of a job (those under way finish). */
  pause(jobId: string): void {
    this.paused.add(jobId);
  }

  /** Takes a job's articles out of the queue and stops its downloads under way (they stay waiting, whole). */
  drop(jobId: string): void {
    this.paused.add(jobId);
    for (const [id, { abort }] of this.active) if (this.library.downloadOf(id)?.importId === jobId) abort.abort();
  }

  /** How many are queued or under way, for one job or all. */
  pending(jobId?: string): number {
    let n = 0;
    for (const id of [...this.queue, ...this.active.keys()]) if (!jobId || this.library.downloadOf(id)?.importId === jobId) n++;
    return n;
  }

  get running(): boolean {
    return this.active.size > 0 || this.queue.some((id) => !this.isPaused(id));
  }

  /** Runs a user's own save ahead of every download: none starts while it runs. */
  async userSave<T>(save: () => Promise<T>): Promise<T> {
    this.userSaves++;
    try {
      return await save();
    } finally {
      this.userSaves--;
      this.pump();
    }
  }

  /** Resolves once nothing is queued or under way (paused jobs aside). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const { abort } of this.active.values()) abort.abort();
    while (this.active.size) await new Promise((r) => setTimeout(r, 10));
  }

  /** Downloads one waiting article now, whatever its place in the queue (a user saving its address). */
  async downloadNow(id: string): Promise<void> {
    this.queued.delete(id);
    const at = this.queue.indexOf(id);
    if (at >= 0) this.queue.splice(at, 1);
    const done = await this.userSave(() => this.download(id, new AbortController().signal, true));
    if (done) this.options.onDone?.(id, done.outcome, done.placed);
  }

  private isPaused(id: string): boolean {
    const job = this.library.downloadOf(id)?.importId;
    return job !== null && job !== undefined && this.paused.has(job);
  }

  private pump(): void {
    if (this.stopped) return;
    while (this.userSaves === 0 && this.active.size < this.total) {
      const at = this.queue.findIndex((id) => !this.isPaused(id) && (this.perHostActive.get(hostOf(this.library, id)) ?? 0) < this.perHost);
      if (at < 0) break;
      const [id] = this.queue.splice(at, 1);
      this.queued.delete(id!);
      this.start(id!);
    }
    if (!this.running) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private start(id: string): void {
    const host = hostOf(this.library, id);
    const abort = new AbortController();
    this.active.set(id, { host, abort });
    this.perHostActive.set(host, (this.perHostActive.get(host) ?? 0) + 1);
    void this.download(id, abort.signal, false)
      .catch((error: unknown) => {
        log.warn(`The download of ${id} stopped`, error);
        return null;
      })
      .then((done) => {
        this.active.delete(id);
        const left = (this.perHostActive.get(host) ?? 1) - 1;
        if (left <= 0) this.perHostActive.delete(host);
        else this.perHostActive.set(host, left);
        // Told once it is no longer under way, so the job's last one sees nothing pending.
        if (done) this.options.onDone?.(id, done.outcome, done.placed);
        this.pump();
      });
  }

  private async download(id: string, signal: AbortSignal, now: boolean): Promise<{ outcome: 'downloaded' | 'failed'; placed: number } | null> {
    if (!this.library.has(id)) return null;
    const record = this.library.summary(id);
    const download = this.library.downloadOf(id);
    if (!download) return null;
    const attempt = download.attempts + 1;
    const nowIso = (this.options.now ?? (() => new Date()))().toISOString();
    let captured: CapturedArticle;
    let archivedCopy: ArticleRecord['archivedCopy'];
    try {
      try {
        captured = await this.capture(id, record.url, record.title, download.content, signal);
      } catch (error) {
        if (!download.wayback || !record.url || !isDeadLink(error) || signal.aborted) throw error;
        const copy = await findWaybackCopy(record.url, record.savedAt, { host: this.options.waybackHost, fetch: (await networkPolicy(this.options.waybackHost ?? 'https://archive.org', this.options)).fetch, signal });
        if (!copy) throw new Error(`${toErrorValue(error).message} The Wayback Machine has no copy of it either.`, { cause: error });
        captured = await this.capture(id, copy.rawUrl, record.title, null, signal);
        archivedCopy = { archive: 'wayback', url: copy.url, capturedAt: copy.capturedAt };
      }
    } catch (error) {
      if (signal.aborted && !now) return null; // stopped or cancelled: it stays waiting, as it was
      const message = error instanceof Error && !(error as { code?: string }).code ? error.message : toErrorValue(error).message;
      const again = isTransient(error) && attempt < (this.options.maxAttempts ?? MAX_ATTEMPTS);
      await this.library.setDownloadState(id, { ...download, status: again ? 'waiting' : 'failed', attempts: attempt, error: message, triedAt: nowIso });
      if (again && !this.stopped) {
        this.queue.push(id);
        this.queued.add(id);
      }
      return again ? null : { outcome: 'failed', placed: 0 };
    }
    if (signal.aborted && !now) return null;
    const current = this.library.summary(id);
    const meta = captured.meta;
    await this.library.completeDownload({
      record: {
        id,
        ...meta,
        // What the export said wins where it said something: the reader's own title, the address they saved.
        title: current.title && current.title !== current.url ? current.title : meta.title,
        byline: current.byline ?? meta.byline,
        excerpt: current.excerpt ?? meta.excerpt,
        publishedTime: current.publishedTime ?? meta.publishedTime,
        lang: meta.lang ?? current.lang,
        url: current.url ?? meta.url,
        normalizedUrl: current.url ? normalizeArticleUrl(current.url) : meta.normalizedUrl,
        finalUrl: meta.finalUrl,
        savedAt: current.savedAt,
        wordCount: wordCount(captured.bodyText),
        readingMinutes: readingMinutes(captured.bodyText),
        source: current.url ? 'url' : meta.source,
        ...(archivedCopy ? { archivedCopy } : {}),
      },
      files: { bodyHtml: captured.bodyHtml, bodyText: captured.bodyText, rawPage: captured.rawPage, images: captured.images },
    });
    const { placed } = await this.library.settleImported(id, placeQuote);
    return { outcome: 'downloaded', placed };
  }

  private async capture(id: string, url: string | null, title: string, content: { offset: number; length: number; baseUrl: string | null } | null, signal: AbortSignal): Promise<CapturedArticle> {
    const policy = await networkPolicy(url ?? content?.baseUrl ?? null, this.options);
    const network = { intranet: policy.intranet, refuse: (u: URL) => policy.refuse(u), fetch: pooledFetch(this.pool, policy.fetch) };
    const context = { ...this.options, articleId: id, extractor: this.options.extractor, network, signal };
    if (content) {
      const download = this.library.downloadOf(id)!;
      const html = await (await this.library.importJobs()).readContent(download.importId!, content.offset, content.length);
      return captureArticleHtml(html, { url, baseUrl: content.baseUrl, title, byline: null, publishedTime: null, siteName: null }, context);
    }
    return captureArticle({ kind: 'url', url: url! }, context);
  }
}

function hostOf(library: Library, id: string): string {
  try {
    return new URL(library.summary(id).url ?? 'about:blank').host.toLowerCase();
  } catch {
    return '';
  }
}
