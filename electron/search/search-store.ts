import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvertedIndex, type SearchDocument } from './inverted-index';
import { durableSearchFiles, type SearchFiles, writeFailure } from './search-files';
import type { SearchSource, SourceArticle } from './search-source';
import { parseQuery } from './tokenize';
import { absentAs } from '../log';

/** Where the search index lives in a data directory. */
export const SEARCH_DIR = 'search';
export const INDEX_FILE = 'index.bin';
export const JOURNAL_FILE = 'journal.log';
/** Changes after which the index is written out again (until then the journal covers them). */
export const SNAPSHOT_AFTER_CHANGES = 200;

export interface OpenReport {
  docs: number;
  /** True when no usable persisted index existed (missing, another version, damaged, or too stale) and it was built from the library. */
  rebuilt: boolean;
  /** Reading the persisted index (0 when rebuilt). */
  loadMs: number;
  /** Building from scratch (0 when loaded). */
  buildMs: number;
  /** Articles added, replaced or removed to catch up with the library. */
  caughtUp: number;
  /** Why a rebuilt index could not be written out (it still answers, from memory). */
  notSaved?: string;
}

/** What writing the index out came to: the last change it covers, or why it could not be written. */
export type IndexWriteResult = { saved: true; covered: number } | { saved: false; reason: string };

/** The article as the index sees it. */
export function searchDocument(record: SourceArticle['record'], body: string): SearchDocument {
  return { id: record.id, title: record.title, meta: [record.siteName, record.byline].filter(Boolean).join(' '), body };
}

/**
 * The search index of one library, where it runs (a worker thread): loads the persisted index or
 * builds it from what `source` gives, catches up with what changed since it was written (the
 * journal of changed ids, and ids added or removed behind its back), and writes it out again.
 * The library is the truth; this is a cache that can always be rebuilt from it.
 */
export class SearchStore {
  private index = new InvertedIndex();
  private changes = 0;
  /** Changes after which the next write is due (pushed on after a failed write, so a full disk is not retried at every change). */
  private dueAt = SNAPSHOT_AFTER_CHANGES;
  private lastSeq = 0;

  constructor(
    readonly dataDir: string,
    private readonly source: SearchSource,
    private readonly files: SearchFiles = durableSearchFiles,
  ) {}

  async open(): Promise<OpenReport> {
    this.index.close();
    const started = performance.now();
    let loaded: InvertedIndex | null = null;
    try {
      loaded = InvertedIndex.open(this.indexFile);
    } catch {
      // Missing, written by another version, or damaged: it is derived data, so it is rebuilt.
    }
    const loadMs = loaded ? performance.now() - started : 0;
    let library: Set<string>;
    let journal: Map<string, 'put' | 'del'>;
    try {
      library = new Set(await this.source.ids());
      journal = await readJournal(join(this.dataDir, SEARCH_DIR, JOURNAL_FILE));
    } catch (error) {
      loaded?.close();
      throw error;
    }
    if (loaded) {
      const stale = new Set<string>();
      for (const id of library) if (!loaded.has(id) || journal.get(id) === 'put') stale.add(id);
      const gone = loaded.ids().filter((id) => !library.has(id));
      if (stale.size <= Math.max(SNAPSHOT_AFTER_CHANGES, library.size / 4)) {
        this.index = loaded;
        for (const id of gone) this.index.remove(id);
        await this.indexFromSource(stale);
        this.changes = stale.size + gone.length;
        return { docs: this.index.size, rebuilt: false, loadMs, buildMs: 0, caughtUp: this.changes };
      }
    }
    loaded?.close();
    const buildStarted = performance.now();
    this.index = new InvertedIndex();
    await this.indexFromSource(library);
    const buildMs = performance.now() - buildStarted;
    const written = await this.writeIndexFile();
    return { docs: this.index.size, rebuilt: true, loadMs: 0, buildMs, caughtUp: 0, ...(written.saved ? {} : { notSaved: written.reason }) };
  }

  put(document: SearchDocument, seq: number): boolean {
    this.index.put(document);
    return this.changed(seq);
  }

  delete(id: string, seq: number): boolean {
    this.index.remove(id);
    return this.changed(seq);
  }

  /** Ids of matching articles, best first. */
  search(query: string): string[] {
    return this.index.search(parseQuery(query).clauses);
  }

  /**
   * Writes the index durably. A failed write is an answer, not an error: the index in memory is
   * whole and keeps answering; the journal still covers what the file lacks.
   */
  async writeIndexFile(): Promise<IndexWriteResult> {
    const covered = this.lastSeq;
    const bytes = this.index.serialize();
    try {
      await this.files.write(this.indexFile, bytes);
    } catch (error) {
      this.dueAt = this.changes + SNAPSHOT_AFTER_CHANGES;
      return { saved: false, reason: writeFailure(error) };
    }
    this.changes = 0;
    this.dueAt = SNAPSHOT_AFTER_CHANGES;
    // Writing compacted the index into memory; the file just written holds the same, and read
    // from it the posting lists stay out of memory. Should that fail, the copy in memory serves.
    try {
      this.index = InvertedIndex.open(this.indexFile);
    } catch {
      // Kept in memory, as it was before this change: nothing is lost, only the memory it takes.
    }
    return { saved: true, covered };
  }

  /** Lets go of the index file (the index is read from it until then). */
  close(): void {
    this.index.close();
  }

  private get indexFile(): string {
    return join(this.dataDir, SEARCH_DIR, INDEX_FILE);
  }

  get pendingChanges(): number {
    return this.changes;
  }

  get size(): number {
    return this.index.size;
  }

  /** True when enough has changed that the index should be written out. */
  private changed(seq: number): boolean {
    this.lastSeq = Math.max(this.lastSeq, seq);
    return ++this.changes >= this.dueAt;
  }

  /** Indexes the given articles as the source gives them. */
  private async indexFromSource(ids: Set<string>): Promise<void> {
    if (ids.size === 0) return;
    for await (const { record, bodyText } of this.source.articles([...ids])) this.index.put(searchDocument(record, bodyText));
  }
}

/** The last journalled change of each id (`put` or `del`); a torn last line is ignored. */
export async function readJournal(file: string): Promise<Map<string, 'put' | 'del'>> {
  const text = await readFile(file, 'utf8').catch(absentAs(''));
  const out = new Map<string, 'put' | 'del'>();
  for (const line of text.split('\n')) {
    const match = /^(put|del) (\S+)$/.exec(line);
    if (match) out.set(match[2]!, match[1] as 'put' | 'del');
  }
  return out;
}

/** Which articles a search may return: a set to keep or to leave out, cached by key in the worker. */
export interface SearchFilter {
  key: string;
  mode: 'include' | 'exclude';
  /** Sent only when the worker has not seen this key yet. */
  ids?: string[];
}

/** One page of ranked ids and how many matched in all. */
export interface RankedPage {
  ids: string[];
  total: number;
}

/** What the main thread asks of the search worker. */
export type SearchRequest =
  | { op: 'open' }
  | { op: 'put'; doc: SearchDocument; seq: number }
  | { op: 'delete'; docId: string; seq: number }
  | { op: 'search'; query: string; filter: SearchFilter; offset: number; limit: number }
  | { op: 'write-index' }
  | { op: 'pending' }
  | { op: 'close' };

/**
 * Answers search requests one at a time (an open or an index write finishes before the next request
 * is looked at). Used by the worker thread, and in the calling thread where no worker can be started.
 */
export function createSearchHandler(dataDir: string, source: SearchSource, files?: SearchFiles): (request: SearchRequest) => Promise<unknown> {
  const store = new SearchStore(dataDir, source, files);
  let queue: Promise<unknown> = Promise.resolve();
  const filters = new Map<string, { mode: SearchFilter['mode']; ids: Set<string> }>();
  const handle = async (request: SearchRequest): Promise<unknown> => {
    switch (request.op) {
      case 'open':
        return store.open();
      case 'put':
        return store.put(request.doc, request.seq);
      case 'delete':
        return store.delete(request.docId, request.seq);
      case 'search': {
        const { filter } = request;
        if (filter.ids) {
          // Only the latest version of each view is worth keeping.
          const view = filter.key.slice(0, filter.key.indexOf(':') + 1);
          for (const key of filters.keys()) if (key.startsWith(view)) filters.delete(key);
          filters.set(filter.key, { mode: filter.mode, ids: new Set(filter.ids) });
        }
        const known = filters.get(filter.key);
        if (!known) return null;
        const matching = store.search(request.query).filter((id) => known.ids.has(id) === (known.mode === 'include'));
        return { ids: matching.slice(request.offset, request.offset + request.limit), total: matching.length } satisfies RankedPage;
      }
      case 'write-index':
        return store.writeIndexFile();
      case 'pending':
        return store.pendingChanges;
      case 'close':
        return store.close();
    }
  };
  return (request) => {
    const run = queue.then(() => handle(request));
    queue = run.catch(() => undefined); // the caller gets the failure; the queue goes on
    return run;
  };
}
