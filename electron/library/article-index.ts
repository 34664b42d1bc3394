// Over 300 lines: the article index is one data structure (shards read lazily, slots, address
// hashes) whose parts share its invariants; split, each half would need the other's internals.
import { closeSync, openSync, readSync } from 'node:fs';
import { Low } from 'lowdb';
import type { OffprintError } from '../../shared/errors';
import { damagedFile } from './damage';
import { type LibraryLayout, shardOrdinal } from './layout';
import { type ArticleRecord, articleRecordSchema } from './schema';
import { readShardHeadSync, readShardSync, type ShardContent, ShardFile, urlKey } from './shard-file';
import { type Storage, UncertainWriteError } from './storage';

/** Most records one index shard holds: adding or changing an article rewrites one shard of at most this many. */
export const SHARD_CAPACITY = 256;

/** One shard of the article index, listed from its header; its records are read the first time one is needed. */
export interface Shard {
  ordinal: number;
  file: string;
  db: Low<ShardContent>;
  ids: string[];
  urlKeys: (number | null)[];
  /** The record lines, once the shard has been read in full. */
  lines: string[] | null;
  /** Until then: where each record line starts in the file, to read just that line. */
  offsets: number[];
  records: (ArticleRecord | undefined)[];
  /** True when memory holds a change the file does not have yet (a decided delete whose write failed): never re-read or checked against the file. */
  dirty?: boolean;
}

/** Where an article is in the list order: its shard and its place (`at`) in it. */
export interface Slot {
  shard: Shard;
  at: number;
}

/**
 * The article index: records in shards of at most SHARD_CAPACITY (index/NNNNNN.articles.jsonl), in
 * the order they were added. Opening reads only the shard headers (ids and address hashes); a
 * record is parsed and validated the first time it is needed. Every change rewrites exactly one
 * shard, durably, and memory changes only once that write succeeded.
 */
export class ArticleIndex {
  readonly shards: Shard[] = [];
  /** Where each id is: its shard's place in `shards` × 65536 + its place in the shard (no object per article). */
  private readonly slots = new Map<string, number>();
  /** Built the first time a duplicate is looked for (saving an address), not at open. */
  private byUrlKey: Map<number, string[]> | null = null;

  /** Told when a shard is found damaged after open (a record that cannot be read), so it can be repaired. */
  onDamaged: ((shard: Shard, error: OffprintError) => void) | null = null;

  private constructor(
    private readonly layout: LibraryLayout,
    private readonly storage: Storage,
    /** Opened read-only while another process may write: files replaced since open are read as they are now. */
    private readonly followsWriter: boolean,
  ) {}

  get dir(): string {
    return this.layout.indexDir;
  }

  /** Opens the index from its shards' headers; `names` are the index folder's entries. */
  static open(layout: LibraryLayout, storage: Storage, names: string[], options: { followsWriter?: boolean } = {}): ArticleIndex {
    const index = new ArticleIndex(layout, storage, options.followsWriter ?? false);
    const ordinals = names.flatMap((n) => {
      const ordinal = shardOrdinal(n);
      return ordinal === null ? [] : [ordinal];
    });
    ordinals.sort((a, b) => a - b);
    const heads = ordinals.map((ordinal) => {
      const file = layout.shardFile(ordinal);
      try {
        return { ordinal, file, head: readShardHeadSync(file) };
      } catch (error) {
        throw damagedFile(file, error);
      }
    });
    for (const { ordinal, file, head } of heads) {
      const shard: Shard = {
        ordinal,
        file,
        db: new Low(new ShardFile(file, storage), { ids: head.header.ids, urlKeys: head.header.urlKeys, lines: [] }),
        ids: head.header.ids,
        urlKeys: head.header.urlKeys,
        lines: null,
        offsets: lineOffsets(head.headerBytes, head.header.lengths),
        records: [],
      };
      index.shards.push(shard);
      index.reslot(shard, [], []);
    }
    return index;
  }

  get size(): number {
    return this.slots.size;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  slot(id: string): Slot | undefined {
    const packed = this.slots.get(id);
    return packed === undefined ? undefined : { shard: this.shards[Math.floor(packed / 65536)]!, at: packed % 65536 };
  }

  /** A number that orders articles as they were added (later adds are larger). */
  position(id: string): number {
    return this.slots.get(id) ?? -1;
  }

  /**
   * Up to `limit` ids in list order (or reverse), skipping `offset` of those `keep` accepts. Their
   * records are read ahead, each shard's part in one read.
   */
  page(reverse: boolean, keep: (id: string) => boolean, offset: number, limit: number, keptIn?: (shard: Shard) => number): string[] {
    const out: string[] = [];
    let seen = 0;
    const shards = this.shards;
    for (let s = reverse ? shards.length - 1 : 0; reverse ? s >= 0 : s < shards.length; s += reverse ? -1 : 1) {
      const ids = shards[s]!.ids;
      // Whole shards before the page are skipped by count, without looking at their ids.
      const kept = keptIn?.(shards[s]!);
      if (kept !== undefined && seen + kept <= offset) {
        seen += kept;
        continue;
      }
      for (let i = reverse ? ids.length - 1 : 0; reverse ? i >= 0 : i < ids.length; i += reverse ? -1 : 1) {
        const id = ids[i]!;
        if (!keep(id) || seen++ < offset) continue;
        out.push(id);
        if (out.length >= limit) return this.readAhead(out);
      }
    }
    return this.readAhead(out);
  }

  /** Reads the records of `ids` that are not in memory yet, one read per shard for those in it. */
  readAhead(ids: string[]): string[] {
    if (this.followsWriter) return ids; // whole shards are read as needed (see recordAt)
    const wanted = new Map<Shard, number[]>();
    for (const id of ids) {
      const slot = this.slot(id);
      if (!slot || slot.shard.lines || slot.shard.records[slot.at]) continue;
      const list = wanted.get(slot.shard);
      if (list) list.push(slot.at);
      else wanted.set(slot.shard, [slot.at]);
    }
    for (const [shard, indexes] of wanted) {
      const first = Math.min(...indexes);
      const last = Math.max(...indexes);
      // Far-apart records (a view like "continue") are cheaper read one by one than with everything between.
      if (indexes.length < 2 || shard.offsets[last + 1]! - shard.offsets[first]! > indexes.length * 8192) continue;
      const start = shard.offsets[first]!;
      const bytes = this.readRange(shard, start, shard.offsets[last + 1]! - start);
      for (const index of indexes) {
        const line = bytes.toString('utf8', shard.offsets[index]! - start, shard.offsets[index + 1]! - start - 1);
        this.parseRecord(shard, index, line);
      }
    }
    return ids;
  }

  /** The record of an article, read from its shard if this is the first time. */
  get(id: string): ArticleRecord | undefined {
    const slot = this.slot(id);
    return slot ? this.recordAt(slot.shard, slot.at) : undefined;
  }

  /** Ids whose normalised address hashes like this one (then compare the records). */
  candidatesForUrl(normalizedUrl: string): string[] {
    const key = urlKey(normalizedUrl);
    if (key === null) return [];
    if (!this.byUrlKey) {
      this.byUrlKey = new Map();
      for (const shard of this.shards) shard.ids.forEach((id, i) => this.addUrlKey(shard.urlKeys[i], id));
    }
    return this.byUrlKey.get(key) ?? [];
  }

  private addUrlKey(key: number | null | undefined, id: string): void {
    if (key === null || key === undefined || !this.byUrlKey) return;
    const list = this.byUrlKey.get(key);
    if (list) list.push(id);
    else this.byUrlKey.set(key, [id]);
  }

  /** The shard a new article goes into: the last one while it has room. */
  shardForNew(pendingInLast = 0): Shard {
    const last = this.shards.at(-1);
    if (last && last.ids.length + pendingInLast < SHARD_CAPACITY) return last;
    const ordinal = last ? last.ordinal + 1 : 0;
    const file = this.layout.shardFile(ordinal);
    const shard: Shard = { ordinal, file, db: new Low(new ShardFile(file, this.storage), { ids: [], urlKeys: [], lines: [] }), ids: [], urlKeys: [], lines: [], offsets: [], records: [] };
    this.shards.push(shard);
    return shard;
  }

  /**
   * Writes `shard` with records added, replaced (same id) or removed. A new shard that fails to
   * be written is forgotten again, so memory stays as it was; a write whose outcome is unknown
   * (UncertainWriteError) is taken as made, since that is what the disk now shows.
   */
  async commit(shard: Shard, change: { put?: ArticleRecord[]; remove?: string[] }): Promise<void> {
    this.load(shard);
    const ids = [...shard.ids];
    const urlKeys = [...shard.urlKeys];
    const lines = [...shard.lines!];
    const records = [...shard.records];
    for (const id of change.remove ?? []) {
      const at = ids.indexOf(id);
      if (at < 0) continue;
      for (const list of [ids, urlKeys, lines, records] as unknown[][]) list.splice(at, 1);
    }
    for (const record of change.put ?? []) {
      const at = ids.indexOf(record.id);
      const line = JSON.stringify(record);
      if (at >= 0) {
        urlKeys[at] = urlKey(record.normalizedUrl);
        lines[at] = line;
        records[at] = record;
      } else {
        ids.push(record.id);
        urlKeys.push(urlKey(record.normalizedUrl));
        lines.push(line);
        records.push(record);
      }
    }
    const previous = shard.db.data;
    shard.db.data = { ids, urlKeys, lines };
    let uncertain: UncertainWriteError | null = null;
    try {
      await shard.db.write();
    } catch (error) {
      if (error instanceof UncertainWriteError) uncertain = error;
      else {
        shard.db.data = previous;
        if (shard.ids.length === 0 && shard === this.shards.at(-1) && previous.lines.length === 0) this.shards.pop();
        throw error;
      }
    }
    const beforeIds = shard.ids;
    const beforeKeys = shard.urlKeys;
    shard.ids = ids;
    shard.urlKeys = urlKeys;
    shard.lines = lines;
    shard.records = records;
    shard.dirty = false;
    this.reslot(shard, beforeIds, beforeKeys);
    if (uncertain) throw uncertain;
  }

  /**
   * Forgets an article in memory only, when its delete is decided but the shard could not be
   * written: the next write of this shard leaves it out, and the next open finishes the delete.
   */
  forgetInMemory(shard: Shard, id: string): void {
    this.load(shard);
    const at = shard.ids.indexOf(id);
    if (at < 0) return;
    const beforeIds = shard.ids;
    const beforeKeys = shard.urlKeys;
    shard.ids = shard.ids.filter((_, i) => i !== at);
    shard.urlKeys = shard.urlKeys.filter((_, i) => i !== at);
    shard.lines = shard.lines!.filter((_, i) => i !== at);
    shard.records = shard.records.filter((_, i) => i !== at);
    shard.db.data = { ids: shard.ids, urlKeys: shard.urlKeys, lines: shard.lines };
    shard.dirty = true;
    this.reslot(shard, beforeIds, beforeKeys);
  }

  /** Reads a whole shard and validates every record, so it is never rewritten from a damaged copy. */
  load(shard: Shard): void {
    this.readLines(shard);
    for (let i = 0; i < shard.ids.length; i++) this.recordAt(shard, i);
  }

  private readLines(shard: Shard): string[] {
    if (shard.lines) return shard.lines;
    let content: ShardContent;
    try {
      content = readShardSync(shard.file);
    } catch (error) {
      throw this.damaged(shard, error);
    }
    if (content.ids.length !== shard.ids.length || content.ids.some((id, i) => id !== shard.ids[i])) {
      if (!this.followsWriter) throw this.damaged(shard, new Error('it changed since the library was opened'));
      // Read-only beside a writer: the writer replaced the file whole since its header was read; take the new one.
      const beforeIds = shard.ids;
      const beforeKeys = shard.urlKeys;
      shard.ids = content.ids;
      shard.urlKeys = content.urlKeys;
      shard.records = [];
      this.reslot(shard, beforeIds, beforeKeys);
    }
    shard.lines = content.lines;
    shard.db.data = content;
    return content.lines;
  }

  private recordAt(shard: Shard, index: number): ArticleRecord {
    if (shard.records[index]) return shard.records[index];
    // Read-only beside a writer, a shard is read whole (one consistent version of the file), never line by line.
    if (this.followsWriter && !shard.lines) this.readLines(shard);
    return shard.records[index] ?? this.parseRecord(shard, index, shard.lines ? shard.lines[index]! : this.readLine(shard, index));
  }

  private parseRecord(shard: Shard, index: number, line: string): ArticleRecord {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw this.damaged(shard, error);
    }
    // zod for every record (tests/bench/stored-shapes.ts: under a microsecond each once warm).
    const record = articleRecordSchema.safeParse(raw).data;
    if (!record || record.id !== shard.ids[index]) throw this.damaged(shard, new Error('a record is not in a shape Offprint understands'));
    shard.records[index] = record;
    return record;
  }

  /**
   * Reads a shard's file afresh and checks every record, keeping nothing in memory: for the
   * check after open that finds a record damaged in place (the header and lengths still right).
   */
  verify(shard: Shard): void {
    if (shard.dirty) return;
    let content: ShardContent;
    try {
      content = readShardSync(shard.file);
    } catch (error) {
      if (shard.ids.length === 0 && (error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw this.damaged(shard, error);
    }
    if (content.ids.length !== shard.ids.length || content.ids.some((id, i) => id !== shard.ids[i])) {
      throw this.damaged(shard, new Error('it changed since the library was opened'));
    }
    content.lines.forEach((line, index) => {
      if (shard.records[index]) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        throw this.damaged(shard, error);
      }
      const record = articleRecordSchema.safeParse(raw).data;
      if (!record || record.id !== shard.ids[index]) throw this.damaged(shard, new Error('a record is not in a shape Offprint understands'));
    });
  }

  /** Reads a shard again from its file (after it was restored from a backup; no file is an empty shard). */
  reload(shard: Shard): void {
    // No file: an empty shard, fully "read" (as a new shard is), so the next commit writes it afresh.
    let head: { ids: string[]; urlKeys: (number | null)[]; offsets: number[]; lines: string[] | null } = { ids: [], urlKeys: [], offsets: [0], lines: [] };
    try {
      const read = readShardHeadSync(shard.file);
      head = { ids: read.header.ids, urlKeys: read.header.urlKeys, offsets: lineOffsets(read.headerBytes, read.header.lengths), lines: null };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw this.damaged(shard, error);
    }
    const beforeIds = shard.ids;
    const beforeKeys = shard.urlKeys;
    shard.ids = head.ids;
    shard.urlKeys = head.urlKeys;
    shard.offsets = head.offsets;
    shard.lines = head.lines;
    shard.records = [];
    shard.db.data = { ids: head.ids, urlKeys: head.urlKeys, lines: [] };
    this.reslot(shard, beforeIds, beforeKeys);
  }

  private damaged(shard: Shard, error: unknown): OffprintError {
    const wrapped = damagedFile(shard.file, error);
    this.onDamaged?.(shard, wrapped);
    return wrapped;
  }

  /** One record line of a shard not read in full, straight from its place in the file. */
  private readLine(shard: Shard, index: number): string {
    const start = shard.offsets[index]!;
    return this.readRange(shard, start, shard.offsets[index + 1]! - start - 1).toString('utf8');
  }

  private readRange(shard: Shard, start: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    let fd: number;
    try {
      fd = openSync(shard.file, 'r');
    } catch (error) {
      throw damagedFile(shard.file, error);
    }
    try {
      if (readSync(fd, buffer, 0, length, start) !== length) throw this.damaged(shard, new Error('it is shorter than its header says'));
    } finally {
      closeSync(fd);
    }
    return buffer;
  }

  private reslot(shard: Shard, beforeIds: string[], beforeKeys: (number | null)[]): void {
    const base = this.shards.indexOf(shard) * 65536;
    beforeIds.forEach((id, i) => {
      const packed = this.slots.get(id);
      if (packed !== undefined && packed - (packed % 65536) === base) this.slots.delete(id);
      const key = beforeKeys[i];
      const list = key === null || key === undefined ? undefined : this.byUrlKey?.get(key);
      if (list) {
        const kept = list.filter((other) => other !== id);
        if (kept.length) this.byUrlKey!.set(key!, kept);
        else this.byUrlKey!.delete(key!);
      }
    });
    shard.ids.forEach((id, index) => {
      this.slots.set(id, base + index);
      this.addUrlKey(shard.urlKeys[index], id);
    });
  }
}

function lineOffsets(headerBytes: number, lengths: number[]): number[] {
  const offsets = [headerBytes];
  for (const length of lengths) offsets.push(offsets[offsets.length - 1]! + length + 1);
  return offsets;
}
