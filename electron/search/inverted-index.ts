import { openSync } from 'node:fs';
import { FieldIndex } from './field-index';
import { IndexFile, memoryBlob, type PostingBlob } from './postings';
import { TermList } from './term-list';
import { type QueryClause, TOKENIZER_VERSION } from './tokenize';

/** The searchable fields of an article and how much a match in each counts. */
export const FIELDS = ['title', 'meta', 'body'] as const;
const BOOSTS = [3, 1.5, 1];
const K1 = 1.2;
const B = 0.75;
export const INDEX_FORMAT = 'offprint-search';
/** Documents are numbered below this (2^20), so a score and a document fit in one double. */
const DOC_SPACE = 2 ** 20;
export const INDEX_FORMAT_VERSION = 1;

export interface SearchDocument {
  id: string;
  title: string;
  /** Site name and byline. */
  meta: string;
  body: string;
}

/**
 * A compact full-text index over titles, sites and bylines, and bodies, with BM25 ranking. Deleted
 * or replaced documents are dropped from results at once and from storage at the next compaction.
 */
export class InvertedIndex {
  private fields = FIELDS.map(() => new FieldIndex());
  private docIds: string[] = [];
  private alive = new Uint8Array(1024);
  private readonly byId = new Map<string, number>();
  /** The index file the compacted postings are read from, when opened from one. */
  private file: IndexFile | null = null;

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** Adds a document, replacing any with the same id. */
  put(document: SearchDocument): void {
    this.remove(document.id);
    const doc = this.docIds.length;
    this.docIds.push(document.id);
    if (doc >= this.alive.length) {
      const grown = new Uint8Array(this.alive.length * 2);
      grown.set(this.alive);
      this.alive = grown;
    }
    this.alive[doc] = 1;
    this.byId.set(document.id, doc);
    this.fields[0]!.add(doc, document.title);
    this.fields[1]!.add(doc, document.meta);
    this.fields[2]!.add(doc, document.body);
  }

  remove(id: string): void {
    const doc = this.byId.get(id);
    if (doc === undefined) return;
    this.byId.delete(id);
    this.alive[doc] = 0;
    for (const field of this.fields) field.forget(doc);
  }

  /** Ids of the documents matching every clause, best first. */
  search(clauses: QueryClause[]): string[] {
    if (clauses.length === 0 || this.byId.size === 0) return [];
    const docCount = this.docIds.length;
    const scores = new Float64Array(docCount);
    const matched = new Uint8Array(docCount);
    const lastClause = new Int16Array(docCount).fill(-1);
    const live = this.byId.size;
    for (let c = 0; c < clauses.length; c++) {
      const clause = clauses[c]!;
      let expansions = this.fields.map((f) => f.expand(clause).map((term) => ({ term, weight: term === clause.term ? 1 : 0.7 })));
      if (clause.fuzzy && expansions.every((e) => e.length === 0)) {
        expansions = this.fields.map((f) => f.fuzzy(clause.term).map((term) => ({ term, weight: 0.5 })));
      }
      let any = false;
      expansions.forEach((terms, f) => {
        const field = this.fields[f]!;
        const average = Math.max(1, field.totalLength / live);
        for (const { term, weight } of terms) {
          const df = field.docFreq(term);
          const idf = Math.log(1 + Math.max(0, live - df + 0.5) / (df + 0.5));
          const scale = weight * BOOSTS[f]! * idf;
          field.postings(term, (doc, tf) => {
            if (!this.alive[doc]) return;
            any = true;
            const norm = tf + K1 * (1 - B + (B * field.lengths[doc]!) / average);
            scores[doc]! += (scale * tf * (K1 + 1)) / norm;
            if (lastClause[doc] !== c) {
              lastClause[doc] = c;
              matched[doc]!++;
            }
          });
        }
      });
      if (!any) return [];
    }
    // Score and document packed into one number, so a native numeric sort orders tens of
    // thousands of hits in a few milliseconds (a comparator function takes ten times as long).
    let count = 0;
    for (let doc = 0; doc < docCount; doc++) if (matched[doc] === clauses.length) count++;
    const keys = new Float64Array(count);
    let k = 0;
    for (let doc = 0; doc < docCount; doc++) {
      if (matched[doc] === clauses.length) keys[k++] = Math.min(Math.round(scores[doc]! * 1e5), 2 ** 32) * DOC_SPACE + doc;
    }
    keys.sort();
    const out: string[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = this.docIds[keys[count - 1 - i]! % DOC_SPACE]!;
    return out;
  }

  /** The index as bytes (live documents only, renumbered), for persisting; also compacts memory. */
  serialize(): Uint8Array {
    this.compact();
    const header = {
      format: INDEX_FORMAT,
      version: INDEX_FORMAT_VERSION,
      tokenizer: TOKENIZER_VERSION,
      docIds: this.docIds,
      fields: this.fields.map((f) => ({ terms: f.terms.length, blobBytes: f.blob.length, totalLength: f.totalLength })),
    };
    const parts: Uint8Array[] = [];
    const encoder = new TextEncoder();
    const headerBytes = encoder.encode(JSON.stringify(header));
    parts.push(u32(headerBytes.length), headerBytes);
    for (const field of this.fields) {
      const terms = encoder.encode(field.terms.text);
      parts.push(u32(terms.length), terms);
      parts.push(bytesOf(field.df), bytesOf(field.offsets), bytesOf(field.lengths.subarray(0, this.docIds.length)), field.blob.all());
    }
    const total = parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** Reads what `serialize` wrote, all of it held in memory; throws if it is not an index of this format and tokenizer. */
  static deserialize(bytes: Uint8Array): InvertedIndex {
    return InvertedIndex.parse({ size: bytes.length, read: (at, n) => bytes.subarray(at, at + n), blob: (at, n) => memoryBlob(bytes.subarray(at, at + n)) });
  }

  /**
   * Opens an index file `serialize` wrote, reading all but the posting lists, which stay in the
   * file and are read a list at a time as queries need them: most of the file's size is postings,
   * so this holds a fraction of it in memory. Until `close` (or the next compaction) the file stays open.
   */
  static open(file: string): InvertedIndex {
    const indexFile = new IndexFile(openSync(file, 'r'));
    try {
      const index = InvertedIndex.parse({ size: indexFile.size, read: (at, n) => indexFile.read(at, n), blob: (at, n) => indexFile.blob(at, n) });
      index.file = indexFile;
      return index;
    } catch (error) {
      indexFile.close();
      throw error;
    }
  }

  /** Lets go of the index file, if it was opened from one (the index must not be used after). */
  close(): void {
    this.file?.close();
    this.file = null;
  }

  private static parse(source: { size: number; read(at: number, n: number): Uint8Array; blob(at: number, n: number): PostingBlob }): InvertedIndex {
    const decoder = new TextDecoder();
    let at = 0;
    const take = (n: number) => {
      if (at + n > source.size) throw new Error('the search index file is truncated');
      const part = source.read(at, n);
      at += n;
      return part;
    };
    const u32At = () => {
      const bytes = take(4);
      return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
    };
    const header = JSON.parse(decoder.decode(take(u32At()))) as {
      format: string;
      version: number;
      tokenizer: number;
      docIds: string[];
      fields: { terms: number; blobBytes: number; totalLength: number }[];
    };
    if (header.format !== INDEX_FORMAT || header.version !== INDEX_FORMAT_VERSION || header.tokenizer !== TOKENIZER_VERSION || header.fields.length !== FIELDS.length) {
      throw new Error('the search index was written by another version');
    }
    const index = new InvertedIndex();
    const docCount = header.docIds.length;
    index.docIds = header.docIds;
    index.alive = new Uint8Array(Math.max(1024, docCount * 2)).fill(1, 0, docCount);
    header.docIds.forEach((id, doc) => index.byId.set(id, doc));
    index.fields = header.fields.map((meta) => {
      const field = new FieldIndex();
      field.terms = TermList.fromText(decoder.decode(take(u32At())), meta.terms);
      // Copied (new Uint8Array), so each typed array is aligned and holds only its own bytes.
      field.df = new Uint32Array(new Uint8Array(take(meta.terms * 4)).buffer);
      field.offsets = new Uint32Array(new Uint8Array(take((meta.terms + 1) * 4)).buffer);
      const lengths = new Uint16Array(new Uint8Array(take(docCount * 2)).buffer);
      field.lengths = new Uint16Array(Math.max(1024, docCount * 2));
      field.lengths.set(lengths);
      if (at + meta.blobBytes > source.size) throw new Error('the search index file is truncated');
      field.blob = source.blob(at, meta.blobBytes);
      at += meta.blobBytes;
      field.totalLength = meta.totalLength;
      if (field.offsets[meta.terms] !== meta.blobBytes) throw new Error('the search index postings do not match its header');
      return field;
    });
    if (at !== source.size) throw new Error('the search index file is longer than its header says');
    return index;
  }

  private compact(): void {
    const remap = new Int32Array(this.docIds.length).fill(-1);
    const docIds: string[] = [];
    for (let doc = 0; doc < this.docIds.length; doc++) {
      if (this.alive[doc]) remap[doc] = docIds.push(this.docIds[doc]!) - 1;
    }
    this.fields = this.fields.map((field) => FieldIndex.from(field.compacted(remap, docIds.length)));
    // The compacted postings are all in memory now; the file they were read from is not needed.
    this.close();
    this.docIds = docIds;
    this.alive = new Uint8Array(Math.max(1024, docIds.length * 2)).fill(1, 0, docIds.length);
    this.byId.clear();
    docIds.forEach((id, doc) => this.byId.set(id, doc));
  }
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

function bytesOf(array: Uint32Array | Uint16Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
