import { closeSync, fstatSync, readSync } from 'node:fs';

/**
 * Posting lists are varints of (gap - 1) * 8 + (tf - 1): the document number's distance from the
 * previous one, and the term's frequency in it (up to 8).
 */

/** Postings of one term being added to: its bytes, the last document and how many documents. */
export interface PostingWriter {
  bytes: Uint8Array;
  length: number;
  last: number;
  df: number;
}

export function newPostingWriter(capacity = 4): PostingWriter {
  return { bytes: new Uint8Array(capacity), length: 0, last: -1, df: 0 };
}

export function appendPosting(posting: PostingWriter, doc: number, tf: number): void {
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

export function decodePostings(bytes: Uint8Array, start: number, end: number, visit: (doc: number, tf: number) => void): void {
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

/**
 * The compacted posting lists of one field, one byte range per term: in memory (built or read
 * from bytes), or left in the index file and read a list at a time when a query needs it.
 */
export interface PostingBlob {
  readonly length: number;
  /** Bytes [start, end): valid until the next call (a file-backed blob reuses one buffer). */
  range(start: number, end: number): Uint8Array;
  /** Every byte, for rewriting the index (a file-backed blob reads them all, for that moment only). */
  all(): Uint8Array;
}

export function memoryBlob(bytes: Uint8Array): PostingBlob {
  return { length: bytes.length, range: (start, end) => bytes.subarray(start, end), all: () => bytes };
}

/**
 * The index file's open descriptor, shared by the blobs of its fields. Reading a posting list is
 * one positioned read, from the page cache once the file has been read: a few microseconds,
 * where holding every list in memory costs the file's size in resident memory for as long as
 * the index is open. The file is replaced only by a rename, so this descriptor keeps reading the
 * version it opened.
 */
export class IndexFile {
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private closed = false;

  readonly size: number;

  constructor(private readonly fd: number) {
    this.size = fstatSync(fd).size;
  }

  read(position: number, length: number, into?: Buffer): Buffer {
    if (this.closed) throw new Error('the search index file was closed');
    const out = into ?? Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, out, done, length - done, position + done);
      if (n === 0) throw new Error('the search index file is truncated');
      done += n;
    }
    return out;
  }

  blob(position: number, length: number): PostingBlob {
    return {
      length,
      range: (start, end) => {
        if (end - start > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(end - start, this.scratch.length * 2));
        return this.read(position + start, end - start, this.scratch).subarray(0, end - start);
      },
      all: () => this.read(position, length),
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
