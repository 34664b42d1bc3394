import { createRequire } from 'node:module';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch, { type Options as MiniSearchOptions } from 'minisearch';
import { InvertedIndex, type SearchDocument } from '../../electron/search/inverted-index';
import { type QueryClause, tokenize } from '../../electron/search/tokenize';

/**
 * The engines the comparison runs, each behind the same three steps. Every engine is given the
 * terms of Offprint's own tokenizer (NFKC, lower case, accents folded, CJK as character pairs),
 * so they index and look up the same terms and what differs is the engine: storage, lookup,
 * ranking. Each query is the product's (parseQuery): every clause must match, the last word also
 * as a prefix; each answer is the top 20 and how many matched in all, as a page of results needs.
 */
export interface Engine {
  name: string;
  /** What it is and how it is set up, for the table's notes. */
  about: string;
  build(documents: AsyncIterable<SearchDocument>, dir: string): Promise<void>;
  load(dir: string): Promise<LoadedEngine>;
}

export interface LoadedEngine {
  search(clauses: QueryClause[]): { top: string[]; total: number };
}

const PAGE = 20;
const BOOSTS = { title: 3, meta: 1.5, body: 1 };

const offprint: Engine = {
  name: 'offprint',
  about: "Offprint's own index (electron/search/inverted-index.ts): sorted terms, varint postings, BM25",
  async build(documents, dir) {
    const index = new InvertedIndex();
    for await (const document of documents) index.put(document);
    await writeFile(join(dir, 'index.bin'), index.serialize());
  },
  async load(dir) {
    // As the app's search worker opens it: the posting lists stay in the file until a query reads one.
    const index = InvertedIndex.open(join(dir, 'index.bin'));
    return {
      search(clauses) {
        const ids = index.search(clauses);
        return { top: ids.slice(0, PAGE), total: ids.length };
      },
    };
  },
};

/** The parts of node:sqlite used here (the project's @types/node is for Node 20, which has none). */
interface Sqlite {
  DatabaseSync: new (file: string, options?: { readOnly?: boolean }) => {
    exec(sql: string): void;
    prepare(sql: string): { run(...values: unknown[]): unknown; get(...values: unknown[]): Record<string, unknown> | undefined; all(...values: unknown[]): Record<string, unknown>[] };
    close(): void;
  };
}

/** node:sqlite (Node 22.13 and later), or null where this Node has none. */
export function loadSqlite(): Sqlite | null {
  try {
    return createRequire(import.meta.url)('node:sqlite') as Sqlite;
  } catch {
    // An older Node: the FTS5 engine is left out and the table says so.
    return null;
  }
}

/**
 * SQLite FTS5 with the unicode61 tokenizer over text already split by Offprint's tokenizer (terms
 * joined by spaces; marks kept as word characters, so the terms arrive unchanged). Not trigram:
 * a trigram index cannot match a term shorter than three characters, and most Korean, Chinese and
 * Japanese words are two (학교, 東京), so those queries would fall back to scanning every row; it
 * is also several times larger on disk. Contentless (content=''), like Offprint's index, which
 * keeps no text either; full detail (positions), FTS5's default; merged with 'optimize' and
 * vacuumed after the build, as Offprint's index is compacted when written.
 */
const fts5: Engine = {
  name: 'fts5',
  about: "SQLite FTS5 (node:sqlite), tokenize='unicode61 remove_diacritics 0' over Offprint's terms, contentless, bm25(3, 1.5, 1)",
  async build(documents, dir) {
    const { DatabaseSync } = loadSqlite()!;
    const db = new DatabaseSync(join(dir, 'fts5.db'));
    db.exec(`PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
      CREATE TABLE ids (n INTEGER PRIMARY KEY, id TEXT NOT NULL);
      CREATE VIRTUAL TABLE docs USING fts5(title, meta, body, content='', tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'");`);
    const addId = db.prepare('INSERT INTO ids (n, id) VALUES (?, ?)');
    const addDoc = db.prepare('INSERT INTO docs (rowid, title, meta, body) VALUES (?, ?, ?, ?)');
    const terms = (text: string) => tokenize(text).join(' ');
    let n = 0;
    db.exec('BEGIN');
    for await (const document of documents) {
      n++;
      addId.run(n, document.id);
      addDoc.run(n, terms(document.title), terms(document.meta), terms(document.body));
      if (n % 1000 === 0) db.exec('COMMIT; BEGIN');
    }
    db.exec('COMMIT');
    db.exec("INSERT INTO docs (docs) VALUES ('optimize')");
    db.exec('VACUUM');
    db.close();
  },
  async load(dir) {
    const { DatabaseSync } = loadSqlite()!;
    const db = new DatabaseSync(join(dir, 'fts5.db'), { readOnly: true });
    // bm25() cannot be used beside a window function, so the total is a second statement.
    const page = db.prepare(`SELECT rowid AS n FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, ${BOOSTS.title}, ${BOOSTS.meta}, ${BOOSTS.body}) LIMIT ${PAGE}`);
    const count = db.prepare('SELECT count(*) AS total FROM docs WHERE docs MATCH ?');
    const idOf = db.prepare('SELECT id FROM ids WHERE n = ?');
    return {
      search(clauses) {
        // Terms are letters, digits and marks only, so quoting each is enough.
        const match = clauses.map((c) => `"${c.term}"${c.prefix ? ' *' : ''}`).join(' AND ');
        const rows = page.all(match);
        return { top: rows.map((r) => idOf.get(r.n)!.id as string), total: Number(count.get(match)!.total) };
      },
    };
  },
};

const miniSearchOptions: MiniSearchOptions<SearchDocument> = {
  fields: ['title', 'meta', 'body'],
  storeFields: [],
  tokenize: (text) => tokenize(text),
  processTerm: (term) => term,
  // A query clause is already one term.
  searchOptions: { boost: { title: BOOSTS.title, meta: BOOSTS.meta }, combineWith: 'AND', tokenize: (term) => [term], processTerm: (term) => term },
};

/** MiniSearch 7, given Offprint's terms; no fuzzy matching (Offprint's runs only when nothing matches exactly). */
const miniSearch: Engine = {
  name: 'minisearch',
  about: "MiniSearch 7 (radix tree of terms, BM25+), Offprint's terms, persisted as its JSON",
  async build(documents, dir) {
    const index = new MiniSearch<SearchDocument>(miniSearchOptions);
    for await (const document of documents) index.add(document);
    await writeFile(join(dir, 'minisearch.json'), JSON.stringify(index));
  },
  async load(dir) {
    const index = await MiniSearch.loadJSONAsync<SearchDocument>(await readFile(join(dir, 'minisearch.json'), 'utf8'), miniSearchOptions);
    return {
      search(clauses) {
        const results = index.search({ combineWith: 'AND', queries: clauses.map((c) => ({ queries: [c.term], prefix: c.prefix })) });
        return { top: results.slice(0, PAGE).map((r) => r.id as string), total: results.length };
      },
    };
  },
};

export const ENGINES: Engine[] = [offprint, fts5, miniSearch];
