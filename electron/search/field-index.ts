import { appendPosting, decodePostings, memoryBlob, newPostingWriter, type PostingBlob, type PostingWriter } from './postings';
import { TermList } from './term-list';
import { forEachTerm, type QueryClause } from './tokenize';

/** Terms a prefix or fuzzy clause may expand to (the most frequent are kept). */
const MAX_EXPANSIONS = 40;

/** A field's compacted part: sorted terms, their document frequencies and where their postings are. */
export interface CompactedField {
  terms: TermList;
  df: Uint32Array;
  offsets: Uint32Array;
  blob: PostingBlob;
  lengths: Uint16Array;
  totalLength: number;
}

/**
 * One field's inverted index. Compacted postings (loaded from the index file or made by
 * `compacted`) are byte ranges of one blob with a sorted term list, so 50,000 articles' bodies
 * take tens of megabytes rather than the gigabyte a map-per-posting engine needs, and the blob
 * itself may stay in the file (see IndexFile); postings added since are kept per term in a tail.
 * Documents are numbered in the order they were added, so every posting list is ascending.
 */
export class FieldIndex {
  terms = TermList.empty;
  df = new Uint32Array(0);
  offsets = new Uint32Array(1);
  blob: PostingBlob = memoryBlob(new Uint8Array(0));
  tail = new Map<string, PostingWriter>();
  lengths = new Uint16Array(1024);
  totalLength = 0;

  static from(compacted: CompactedField): FieldIndex {
    return Object.assign(new FieldIndex(), compacted);
  }

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
        posting = newPostingWriter();
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
    return this.terms.indexOf(term);
  }

  docFreq(term: string): number {
    const at = this.find(term);
    return (at >= 0 ? this.df[at]! : 0) + (this.tail.get(term)?.df ?? 0);
  }

  /** Terms equal to `clause.term`, or starting with it for a prefix clause, most frequent first. */
  expand(clause: QueryClause): string[] {
    if (!clause.prefix) return this.docFreq(clause.term) > 0 ? [clause.term] : [];
    const found = new Set<string>();
    const { terms } = this;
    for (let i = terms.lowerBound(clause.term); i < terms.length && terms.startsWith(i, clause.term); i++) found.add(terms.at(i));
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
    const { terms } = this;
    for (let i = terms.lowerBound(first); i < terms.length && terms.startsWith(i, first); i++) {
      if (Math.abs(terms.termLength(i) - term.length) <= distance) consider(terms.at(i));
    }
    for (const candidate of this.tail.keys()) if (candidate.startsWith(first)) consider(candidate);
    return capByFrequency(this, found);
  }

  /** Calls `visit(doc, tf)` for each posting of `term`, base first (older documents) then tail. */
  postings(term: string, visit: (doc: number, tf: number) => void): void {
    const at = this.find(term);
    if (at >= 0) {
      const start = this.offsets[at]!;
      const end = this.offsets[at + 1]!;
      decodePostings(this.blob.range(start, end), 0, end - start, visit);
    }
    const tail = this.tail.get(term);
    if (tail) decodePostings(tail.bytes, 0, tail.length, visit);
  }

  /** Every term, sorted, with its live postings renumbered by `remap` (-1 drops a document); the result holds its blob in memory. */
  compacted(remap: Int32Array, docCount: number): CompactedField {
    const base = this.blob.all();
    const tailTerms = [...this.tail.keys()].sort();
    const baseCount = this.terms.length;
    const terms: string[] = [];
    const df: number[] = [];
    const offsets: number[] = [0];
    let out = new Uint8Array(Math.max(1024, base.length + tailTerms.length * 4));
    let size = 0;
    const scratch = newPostingWriter(64);
    const emit = (doc: number, tf: number) => {
      const mapped = remap[doc]!;
      if (mapped >= 0) appendPosting(scratch, mapped, tf);
    };
    let i = 0;
    let j = 0;
    while (i < baseCount || j < tailTerms.length) {
      const a = i < baseCount ? this.terms.at(i) : undefined;
      const b = tailTerms[j];
      const term = b === undefined || (a !== undefined && a < b) ? a! : b;
      scratch.length = 0;
      scratch.last = -1;
      scratch.df = 0;
      if (a === term) {
        decodePostings(base, this.offsets[i]!, this.offsets[i + 1]!, emit);
        i++;
      }
      if (b === term) {
        const tail = this.tail.get(term)!;
        decodePostings(tail.bytes, 0, tail.length, emit);
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
    return { terms: TermList.from(terms), df: Uint32Array.from(df), offsets: Uint32Array.from(offsets), blob: memoryBlob(out.slice(0, size)), lengths, totalLength };
  }
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
