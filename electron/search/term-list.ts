/**
 * A field's sorted terms as one string (the terms joined by newlines, as the index file stores
 * them) and where each starts. At 50,000 articles a body field has some 200,000 terms: as separate
 * strings in an array they took about 10 MB of heap and most of the time of a load (splitting
 * them); kept as one string they take their characters and four bytes each, and a term becomes a
 * string of its own only when a query expands to it. Order is JavaScript's string order (UTF-16
 * code units), the order `Array.prototype.sort` gives.
 */
export class TermList {
  private constructor(
    /** The terms joined by '\n'. */
    readonly text: string,
    /** Where term i starts in `text`; one more entry, one past the end of the last term plus its newline. */
    private readonly starts: Uint32Array,
  ) {}

  static readonly empty = new TermList('', new Uint32Array([0]));

  /** From the text as the index file stores it; throws if it does not hold `count` terms. */
  static fromText(text: string, count: number): TermList {
    if (count === 0) {
      if (text.length !== 0) throw new Error('the search index terms do not match its header');
      return TermList.empty;
    }
    const starts = new Uint32Array(count + 1);
    let at = 0;
    for (let i = 0; i < count; i++) {
      starts[i] = at;
      const end = text.indexOf('\n', at);
      if (end < 0) {
        if (i !== count - 1) throw new Error('the search index terms do not match its header');
        at = text.length + 1;
      } else {
        if (i === count - 1) throw new Error('the search index terms do not match its header');
        at = end + 1;
      }
    }
    starts[count] = at;
    return new TermList(text, starts);
  }

  /** From terms already sorted. */
  static from(sorted: string[]): TermList {
    return sorted.length === 0 ? TermList.empty : TermList.fromText(sorted.join('\n'), sorted.length);
  }

  get length(): number {
    return this.starts.length - 1;
  }

  at(i: number): string {
    return this.text.slice(this.starts[i]!, this.starts[i + 1]! - 1);
  }

  termLength(i: number): number {
    return this.starts[i + 1]! - 1 - this.starts[i]!;
  }

  /** Negative, zero or positive as term i sorts before, equal to or after `key`. */
  compare(i: number, key: string): number {
    const start = this.starts[i]!;
    const length = this.starts[i + 1]! - 1 - start;
    const shorter = Math.min(length, key.length);
    for (let k = 0; k < shorter; k++) {
      const d = this.text.charCodeAt(start + k) - key.charCodeAt(k);
      if (d !== 0) return d;
    }
    return length - key.length;
  }

  startsWith(i: number, prefix: string): boolean {
    return this.termLength(i) >= prefix.length && this.text.startsWith(prefix, this.starts[i]!);
  }

  /** The first i whose term does not sort before `key`. */
  lowerBound(key: string): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(mid, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of `term`, or -1. */
  indexOf(term: string): number {
    const at = this.lowerBound(term);
    return at < this.length && this.compare(at, term) === 0 ? at : -1;
  }
}
