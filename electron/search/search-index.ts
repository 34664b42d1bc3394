import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LibraryChange } from '../library/library';
import { isProcessAlive } from '../library/lock';
import { durableSearchFiles, type SearchFiles, writeFailure } from './search-files';
import type { SearchSource } from './search-source';
import type { WorkerClient } from '../workers/worker-client';
import { canStartSearchWorker, connectSearchWorker, type Send } from './search-worker-client';
import {
  createSearchHandler,
  INDEX_FILE,
  JOURNAL_FILE,
  type OpenReport,
  type RankedPage,
  SEARCH_DIR,
  type SearchFilter,
  type SearchRequest,
  type IndexWriteResult,
  searchDocument,
} from './search-store';
import { absentAs } from '../log';

export interface SearchIndexOptions {
  /** Where the index reads the library's articles from (in this thread; the worker asks for them). */
  source: SearchSource;
  /** Where failures that do not stop search are told (a file that could not be written). Default: stderr. */
  log?: (message: string) => void;
  /**
   * How the files under `search/` are written: a seam for tests that make writes fail. A function
   * cannot cross to a worker, so an index given its own files runs in the calling thread.
   */
  files?: SearchFiles;
}

const stderrLog = (message: string) => process.stderr.write(`offprint: ${message}\n`);

/**
 * The full-text search index of a library, run in a worker thread. It is started on first use (or
 * by `start`), loading `search/index.bin` or building it from the source. Every change of the
 * library is first appended to `search/journal.log` (durably, a line per change) and then applied
 * to the running index; the index file is rewritten after every SNAPSHOT_AFTER_CHANGES changes and
 * on close, and the journal is cut back to the changes the file does not cover. A process that never
 * searches (the CLI) only appends to the journal; the next start catches up from it.
 */
export class SearchIndex {
  private send: Send | null = null;
  private worker: WorkerClient | null = null;
  private opened: Promise<OpenReport> | null = null;
  private journalQueue: Promise<unknown> = Promise.resolve();
  private journal: { seq: number; line: string }[] = [];
  private seq = 0;
  private writingIndex: Promise<void> | null = null;
  private closed = false;
  /** Filter keys each worker has been sent (a new worker has seen none). */
  private readonly filtersSent = new WeakMap<Send, Set<string>>();
  private ready = false;

  constructor(
    readonly dataDir: string,
    private readonly options: SearchIndexOptions,
  ) {}

  private get journalFile(): string {
    return join(this.dataDir, SEARCH_DIR, JOURNAL_FILE);
  }

  private get files(): SearchFiles {
    return this.options.files ?? durableSearchFiles;
  }

  private log(message: string): void {
    (this.options.log ?? stderrLog)(`search: ${message}`);
  }

  private notSaved(reason: string): void {
    this.log(`the search index could not be saved in ${join(this.dataDir, SEARCH_DIR)}: ${reason}. Search works from memory until it can be.`);
  }

  /** Loads (or builds) the index if that has not begun yet; resolves once it can answer. */
  start(): Promise<OpenReport> {
    if (!this.opened) {
      this.opened = this.serializeJournal(async () => {
        await removeDeadTemps(join(this.dataDir, SEARCH_DIR), (error) => this.log(`temporary files of an earlier run could not be removed: ${writeFailure(error)}`));
        const existing = await readFile(this.journalFile, 'utf8').catch(absentAs(''));
        this.journal = existing
          .split('\n')
          .filter(Boolean)
          .map((line) => ({ seq: 0, line }));
      })
        .then(() => this.request({ op: 'open' }) as Promise<OpenReport>)
        .then(async (report) => {
          if (report.notSaved) this.notSaved(report.notSaved);
          // Nothing to load in a fresh worker when the index could not be written: this one keeps it.
          if (!report.rebuilt || report.notSaved || !this.worker) return report;
          // A build leaves hundreds of megabytes of garbage in the worker's heap; a fresh worker
          // loads the index just written and holds only that.
          await this.stopWorker();
          const loaded = (await this.request({ op: 'open' })) as OpenReport;
          return { ...report, docs: loaded.docs, caughtUp: loaded.caughtUp };
        });
      this.opened.then(
        () => (this.ready = true),
        () => (this.opened = null),
      );
    }
    return this.opened;
  }

  /**
   * A page of the ids matching `query`, best first, among the articles `filter` allows (its id
   * list crosses to the worker only the first time its key is used).
   */
  async search(query: string, filter: SearchFilter, offset = 0, limit = Number.MAX_SAFE_INTEGER): Promise<RankedPage> {
    await this.start();
    const send = this.sender();
    const ask = (withIds: boolean) =>
      this.request({ op: 'search', query, filter: { key: filter.key, mode: filter.mode, ...(withIds ? { ids: filter.ids } : {}) }, offset, limit }) as Promise<RankedPage | null>;
    let page = this.filtersSent.get(send)?.has(filter.key) ? await ask(false) : null;
    if (!page) {
      page = (await ask(true))!;
      const sent = this.filtersSent.get(send) ?? new Set<string>();
      sent.add(filter.key);
      this.filtersSent.set(send, sent);
    }
    return page;
  }

  /** Journals a change of the library durably, then applies it to the index if it is running. */
  async record(change: LibraryChange): Promise<void> {
    if (this.closed) return;
    const seq = ++this.seq;
    const id = change.type === 'put' ? change.record.id : change.id;
    const line = `${change.type === 'put' ? 'put' : 'del'} ${id}`;
    await this.serializeJournal(async () => {
      try {
        await this.files.append(this.journalFile, `${line}\n`);
      } catch (error) {
        await this.journalLost(error);
        return;
      }
      if (this.opened) this.journal.push({ seq, line });
    });
    const opened = this.opened;
    if (!opened) return;
    const apply = () =>
      change.type === 'put' ? this.request({ op: 'put', doc: searchDocument(change.record, change.bodyText), seq }) : this.request({ op: 'delete', docId: change.id, seq });
    if (!this.ready) {
      // Still loading or building: the change is queued behind that (and journalled), nobody waits for it.
      void opened.then(apply).catch(() => undefined);
      return;
    }
    const due = await apply();
    if (due && !this.writingIndex) {
      this.writingIndex = this.writeIndexFile()
        // A write that fails is logged by writeIndexFile; anything else (a worker that died) is told here.
        .catch((error: unknown) => this.log(`the search index could not be saved: ${(error as Error).message}`))
        .finally(() => {
          this.writingIndex = null;
        });
    }
  }

  /**
   * Writes the index file now and cuts the journal back to what it does not cover. A write that
   * fails (a full disk) is logged, not thrown: the index keeps answering from memory.
   */
  async writeIndexFile(): Promise<void> {
    if (!this.opened) return;
    await this.opened;
    const result = (await this.request({ op: 'write-index' })) as IndexWriteResult;
    if (!result.saved) {
      this.notSaved(result.reason);
      return;
    }
    await this.serializeJournal(async () => {
      this.journal = this.journal.filter((entry) => entry.seq > result.covered);
      try {
        await this.files.write(this.journalFile, this.journal.map((e) => `${e.line}\n`).join(''));
      } catch (error) {
        // The journal on disk keeps lines the index file already covers: catching up from them
        // again at the next start costs a little time and loses nothing.
        this.log(`the search journal could not be cut back: ${writeFailure(error)}`);
      }
    });
  }

  /**
   * A change that could not be journalled: the index file on disk can no longer be caught up from
   * the journal, so it is removed (which needs no free space) and the next start rebuilds. The
   * index in memory has the change and keeps answering.
   */
  private async journalLost(error: unknown): Promise<void> {
    let removed = true;
    try {
      await this.files.remove(join(this.dataDir, SEARCH_DIR, INDEX_FILE));
    } catch {
      // Told just below, in the same line.
      removed = false;
    }
    this.log(
      `a change could not be written to the search journal in ${join(this.dataDir, SEARCH_DIR)}: ${writeFailure(error)}. ${removed ? 'The search index will be rebuilt at the next start.' : 'The saved search index could not be removed either and may miss that change until it is rebuilt.'}`,
    );
  }

  /** Writes out pending changes and stops the worker; never fails for a file that could not be written. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.opened && (await this.opened.then(() => true, () => false))) {
        await this.writingIndex;
        if (((await this.request({ op: 'pending' })) as number) > 0) await this.writeIndexFile();
      }
    } catch (error) {
      // Closing is the last thing a process does (serve at shutdown): a search that cannot be
      // saved must not turn that into a failure, and the library still has to be closed after it.
      this.log(`the search index could not be saved at close: ${(error as Error).message}`);
    } finally {
      await this.journalQueue.catch(() => undefined); // each journal write's failure went to its caller
      await this.stopWorker();
    }
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    const send = this.send;
    this.worker = null;
    this.send = null;
    // The index keeps its file open (its posting lists are read from it): let go of it, also when
    // it runs in this thread. A worker that has already stopped cannot answer, and Node closed
    // what it had open when it stopped.
    await send?.({ op: 'close' }).catch(() => undefined);
    if (worker) await worker.close();
  }

  private request(request: SearchRequest): Promise<unknown> {
    return this.sender()(request);
  }

  private sender(): Send {
    if (this.send) return this.send;
    if (this.options.files || !canStartSearchWorker()) {
      this.send = createSearchHandler(this.dataDir, this.options.source, this.options.files);
      return this.send;
    }
    const connection = connectSearchWorker(this.dataDir, this.options.source, (stopped) => {
      if (this.worker !== stopped) return;
      this.worker = null;
      this.send = null;
      this.opened = null;
      this.ready = false;
    });
    this.worker = connection.client;
    this.send = connection.send;
    return this.send;
  }

  private serializeJournal<T>(task: () => Promise<T>): Promise<T> {
    const run = this.journalQueue.then(task, task);
    this.journalQueue = run.catch(() => undefined); // the caller gets the failure; the queue goes on
    return run;
  }
}

/**
 * Temporary files of index writes a killed process left (`.index.bin.<pid>.<random>.tmp`, up to the
 * size of the index): removed at the next start unless their process is still alive.
 */
async function removeDeadTemps(dir: string, onError: (error: unknown) => void): Promise<void> {
  for (const name of await readdir(dir).catch(absentAs([] as string[]))) {
    const match = /\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
    if (!match || isProcessAlive(Number(match[1]))) continue;
    await rm(join(dir, name), { force: true }).catch(onError);
  }
}
