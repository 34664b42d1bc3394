import { forEachTerm, type QueryClause, TOKENIZER_VERSION } from './tokenize';

/** The searchable fields of an article and how much a match in each counts. */
export const FIELDS = ['title', 'meta', 'body'] as const;
const BOOSTS = [3, 1.5, 1];
const K1 = 1.2;
const B = 0.75;
/** Terms a prefix or fuzzy clause may expand to (the most frequent are kept). */
const MAX_EXPANSIONS = 40;
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

/** Postings of one term written since the last compaction: varints of (gap - 1) * 8 + (tf - 1). */
interface TailPosting {
  bytes: Uint8Array;
  length: number;
  last: number;
  df: number;
}

/**
 * One field's inverted index. Compacted postings (loaded from disk or made by `compact`) live in one
 * byte array with a sorted term list, so 50,000 articles' bodies take tens of megabytes rather than
 * the gigabyte a map-per-posting engine needs; postings added since are kept per term in a tail.
 * Documents are numbered in the order they were added, so every posting list is ascending.
 */
class FieldIndex {
  terms: string[] = [];
  df = new Uint32Array(0);
  offsets = new Uint32Array(1);
  blob: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  tail = new Map<string, TailPosting>();
  lengths = new Uint16Array(1024);
  totalLength = 0;

  add(doc: number, text: string): void {
    const counts = new Map<string, number>();
    let length = 0;
    forEachTerm(text, (term) => {
      counts.set(term, (counts.get(term) ?? 0) + 1);
      length++;
    });
    if (doc >= this.lengths.length) {
      const grown = new Uint16Array(Math.max(doc + 1, this.lengths.length * 2));
      grown.set(this.lengths);
      this.lengths = grown;
    }
    this.lengths[doc] = Math.min(length, 65535);
    this.totalLength += this.lengths[doc]!;
    for (const [term, tf] of counts) {
      let posting = this.tail.get(term);
      if (!posting) {
        posting = { bytes: new Uint8Array(4), length: 0, last: -1, df: 0 };
        this.tail.set(term, posting);
      }
      appendPosting(posting, doc, tf);
    }
  }

  forget(doc: number): void {
    this.totalLength -= this.lengths[doc] ?? 0;
  }

  /** Base index of `term`, or -1. */
  find(term: string): number {
    const at = lowerBound(this.terms, term);
    return this.terms[at] === term ? at : -1;
  }

  docFreq(term: string): number {
    const at = this.find(term);
    return (at >= 0 ? this.df[at]! : 0) + (this.tail.get(term)?.df ?? 0);
  }

  /** Terms equal to `clause.term`, or starting with it for a prefix clause, most frequent first. */
  expand(clause: QueryClause): string[] {
    if (!clause.prefix) return this.docFreq(clause.term) > 0 ? [clause.term] : [];
    const found = new Set<string>();
    for (let i = lowerBound(this.terms, clause.term); i < this.terms.length && this.terms[i]!.startsWith(clause.term); i++) found.add(this.terms[i]!);
    for (const term of this.tail.keys()) if (term.startsWith(clause.term)) found.add(term);
    return capByFrequency(this, found);
  }

  /** Terms one edit away (two for long words), sharing the first letter, most frequent first. */
  fuzzy(term: string): string[] {
    const distance = term.length >= 8 ? 2 : 1;
    const first = term[0]!;
    const found = new Set<string>();
    const consider = (candidate: string) => {
      if (Math.abs(candidate.length - term.length) <= distance && withinEdits(term, candidate, distance)) found.add(candidate);
    };
    for (let i = lowerBound(this.terms, first); i < this.terms.length && this.terms[i]!.startsWith(first); i++) consider(this.terms[i]!);
    for (const candidate of this.tail.keys()) if (candidate.startsWith(first)) consider(candidate);
    return capByFrequency(this, found);
  }

  /** Calls `visit(doc, tf)` for each posting of `term`, base first (older documents) then tail. */
  postings(term: string, visit: (doc: number, tf: number) => void): void {
    const at = this.find(term);
    if (at >= 0) decode(this.blob, this.offsets[at]!, this.offsets[at + 1]!, visit);
    const tail = this.tail.get(term);
    if (tail) decode(tail.bytes, 0, tail.length, visit);
  }

  /** Every term, sorted, with its live postings renumbered by `remap` (-1 drops a document). */
  compacted(remap: Int32Array, docCount: number): { terms: string[]; df: Uint32Array; offsets: Uint32Array; blob: Uint8Array<ArrayBufferLike>; lengths: Uint16Array; totalLength: number } {
    const tailTerms = [...this.tail.keys()].sort();
    const terms: string[] = [];
    const df: number[] = [];
    const offsets: number[] = [0];
    let out = new Uint8Array(Math.max(1024, this.blob.length + tailTerms.length * 4));
    let size = 0;
    const scratch: TailPosting = { bytes: new Uint8Array(64), length: 0, last: -1, df: 0 };
    const emit = (doc: number, tf: number) => {
      const mapped = remap[doc]!;
      if (mapped >= 0) appendPosting(scratch, mapped, tf);
    };
    let i = 0;
    let j = 0;
    while (i < this.terms.length || j < tailTerms.length) {
      const a = this.terms[i];
      const b = tailTerms[j];
      const term = b === undefined || (a !== undefined && a < b) ? a! : b;
      scratch.length = 0;
      scratch.last = -1;
      scratch.df = 0;
      if (a === term) {
        decode(this.blob, this.offsets[i]!, this.offsets[i + 1]!, emit);
        i++;
      }
      if (b === term) {
        decode(this.tail.get(term)!.bytes, 0, this.tail.get(term)!.length, emit);
        j++;
      }
      if (scratch.df === 0) continue;
      if (size + scratch.length > out.length) {
        const grown = new Uint8Array(Math.max(out.length * 2, size + scratch.length));
        grown.set(out.subarray(0, size));
        out = grown;
      }
      out.set(scratch.bytes.subarray(0, scratch.length), size);
      size += scratch.length;
      terms.push(term);
      df.push(scratch.df);
      offsets.push(size);
    }
    const lengths = new Uint16Array(Math.max(1024, docCount));
    let totalLength = 0;
    for (let doc = 0; doc < remap.length; doc++) {
      const mapped = remap[doc]!;
      if (mapped >= 0) {
        lengths[mapped] = this.lengths[doc] ?? 0;
        totalLength += lengths[mapped]!;
      }
    }
    return { terms, df: Uint32Array.from(df), offsets: Uint32Array.from(offsets), blob: out.slice(0, size), lengths, totalLength };
  }
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
      const terms = encoder.encode(field.terms.join('\n'));
      parts.push(u32(terms.length), terms);
      parts.push(bytesOf(field.df), bytesOf(field.offsets), bytesOf(field.lengths.subarray(0, this.docIds.length)), field.blob);
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

  /** Reads what `serialize` wrote; throws if it is not an index of this format and tokenizer. */
  static deserialize(bytes: Uint8Array): InvertedIndex {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const decoder = new TextDecoder();
    let at = 0;
    const take = (n: number) => {
      if (at + n > bytes.length) throw new Error('the search index file is truncated');
      const part = bytes.subarray(at, at + n);
      at += n;
      return part;
    };
    const headerLength = view.getUint32(take(4).byteOffset - bytes.byteOffset, true);
    const header = JSON.parse(decoder.decode(take(headerLength))) as {
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
      const termBytes = view.getUint32(take(4).byteOffset - bytes.byteOffset, true);
      const text = decoder.decode(take(termBytes));
      field.terms = meta.terms === 0 ? [] : text.split('\n');
      if (field.terms.length !== meta.terms) throw new Error('the search index terms do not match its header');
      field.df = new Uint32Array(new Uint8Array(take(meta.terms * 4)).buffer);
      field.offsets = new Uint32Array(new Uint8Array(take((meta.terms + 1) * 4)).buffer);
      const lengths = new Uint16Array(new Uint8Array(take(docCount * 2)).buffer);
      field.lengths = new Uint16Array(Math.max(1024, docCount * 2));
      field.lengths.set(lengths);
      field.blob = take(meta.blobBytes);
      field.totalLength = meta.totalLength;
      return field;
    });
    if (at !== bytes.length) throw new Error('the search index file is longer than its header says');
    return index;
  }

  private compact(): void {
    const remap = new Int32Array(this.docIds.length).fill(-1);
    const docIds: string[] = [];
    for (let doc = 0; doc < this.docIds.length; doc++) {
      if (this.alive[doc]) remap[doc] = docIds.push(this.docIds[doc]!) - 1;
    }
    this.fields = this.fields.map((field) => {
      const next = new FieldIndex();
      Object.assign(next, field.compacted(remap, docIds.length));
      return next;
    });
    this.docIds = docIds;
    this.alive = new Uint8Array(Math.max(1024, docIds.length * 2)).fill(1, 0, docIds.length);
    this.byId.clear();
    docIds.forEach((id, doc) => this.byId.set(id, doc));
  }
}

function appendPosting(posting: TailPosting, doc: number, tf: number): void {
  let value = (doc - posting.last - 1) * 8 + Math.min(tf, 8) - 1;
  if (posting.length + 5 > posting.bytes.length) {
    const grown = new Uint8Array(posting.bytes.length * 2 + 8);
    grown.set(posting.bytes.subarray(0, posting.length));
    posting.bytes = grown;
  }
  while (value >= 0x80) {
    posting.bytes[posting.length++] = (value % 0x80) | 0x80;
    value = Math.floor(value / 0x80);
  }
  posting.bytes[posting.length++] = value;
  posting.last = doc;
  posting.df++;
}

function decode(bytes: Uint8Array, start: number, end: number, visit: (doc: number, tf: number) => void): void {
  let doc = -1;
  let at = start;
  while (at < end) {
    let value = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = bytes[at++]!;
      value += (byte & 0x7f) * scale;
      scale *= 0x80;
    } while (byte & 0x80);
    doc += Math.floor(value / 8) + 1;
    visit(doc, (value % 8) + 1);
  }
}

function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function capByFrequency(field: FieldIndex, terms: Set<string>): string[] {
  const list = [...terms];
  if (list.length <= MAX_EXPANSIONS) return list;
  return list
    .map((term) => ({ term, df: field.docFreq(term) }))
    .sort((a, b) => b.df - a.df)
    .slice(0, MAX_EXPANSIONS)
    .map((e) => e.term);
}

/** Levenshtein distance of at most `max`, computed on a band. */
function withinEdits(a: string, b: string, max: number): boolean {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      best = Math.min(best, current[j]!);
    }
    if (best > max) return false;
    previous = current;
  }
  return previous[b.length]! <= max;
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

function bytesOf(array: Uint32Array | Uint16Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
