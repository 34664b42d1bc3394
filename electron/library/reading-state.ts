// Over 300 lines: one shard file holds every part of an article's state, and each part needs the
// same four things here (loading, the in-memory map, moving it home after a repair, forgetting it);
// split by part, each piece would repeat the shard handling.
import { readdirSync, readFileSync } from 'node:fs';
import { Low } from 'lowdb';
import type { PlaceBookmark, ReadingPosition } from '../../shared/types';
import type { ArticleIndex, Shard } from './article-index';
import { damagedFile, refuseNewer, wrongShape } from './damage';
import { type LibraryLayout, stateOrdinal } from './layout';
import { emptyStateShard, type ReadingState as ReadingEntry, STATE_FORMAT, type StateShard, stateShardSchema, type StoredHighlight, type StoredNote } from './schema';
import { DurableJsonFile, type Storage, UncertainWriteError } from './storage';

/** Every state file by shard number, as read from disk (or as in memory). */
export type StateFiles = Map<number, { file: string; data: StateShard }>;

/** Which part of an article's reading state changed: views that depend on it forget what they derived. */
export type StateAspect = 'bookmark' | 'reading' | 'archived' | 'places' | 'tags' | 'highlights' | 'note';

const ALL_ASPECTS: StateAspect[] = ['bookmark', 'reading', 'archived', 'places', 'tags', 'highlights', 'note'];

const EMPTY_READING: ReadingEntry = { position: null, progress: 0, lastReadAt: null, readAt: null };

/**
 * The reading state of every article: bookmarks, reading positions, read and archived marks,
 * bookmarked places, tag ids, highlights and the article's note, kept per index shard in `index/NNNNNN.state.json` (lowdb), so a change writes
 * one small file whatever the size of the library. An article's state lives in its own shard's
 * file ("home"); entries for it anywhere else are left by a repair that moved the article, and are
 * moved home (then removed where they were) after open. Callers serialise changes.
 */
export class ReadingState {
  private readonly dbs = new Map<Shard, Low<StateShard>>();
  private readonly bookmarks = new Map<string, { createdAt: string }>();
  private readonly reading = new Map<string, ReadingEntry>();
  private readonly archived = new Map<string, string>();
  private readonly placesOf = new Map<string, PlaceBookmark[]>();
  private readonly tagIds = new Map<string, string[]>();
  private readonly highlightsOf = new Map<string, StoredHighlight[]>();
  private readonly highlightArticle = new Map<string, string>();
  private readonly notes = new Map<string, StoredNote>();

  constructor(
    private readonly layout: LibraryLayout,
    private readonly storage: Storage,
    private readonly index: ArticleIndex,
    private readonly changed: (id: string, aspects: StateAspect[]) => void,
  ) {}

  /** Every state file of the index folder, validated (read synchronously, as shard headers are). */
  static readFiles(layout: LibraryLayout, names: string[]): StateFiles {
    const out: StateFiles = new Map();
    for (const name of names) {
      const ordinal = stateOrdinal(name);
      if (ordinal === null) continue;
      const file = layout.stateFile(ordinal);
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
        refuseNewer(raw, STATE_FORMAT);
      } catch (error) {
        throw damagedFile(file, error);
      }
      const parsed = stateShardSchema.safeParse(raw);
      if (!parsed.success) throw wrongShape(file);
      out.set(ordinal, { file, data: parsed.data });
    }
    return out;
  }

  /** Takes in the state files; entries for articles not in that file's shard are left for `settleStray`. */
  load(files: StateFiles): void {
    for (const shard of this.index.shards) {
      const loaded = files.get(shard.ordinal);
      if (!loaded) continue;
      this.dbs.set(shard, new Low(new DurableJsonFile<StateShard>(loaded.file, this.storage), loaded.data));
      const data = loaded.data;
      const mine = (id: string) => this.index.slot(id)?.shard === shard;
      for (const [id, value] of Object.entries(data.bookmarks)) if (mine(id)) this.bookmarks.set(id, value);
      for (const [id, value] of Object.entries(data.reading)) if (mine(id)) this.reading.set(id, value);
      for (const [id, value] of Object.entries(data.archived)) if (mine(id)) this.archived.set(id, value);
      for (const place of data.places) {
        if (!mine(place.articleId)) continue;
        const list = this.placesOf.get(place.articleId);
        if (list) list.push(place);
        else this.placesOf.set(place.articleId, [place]);
      }
      for (const [id, value] of Object.entries(data.tags)) if (mine(id) && value.length) this.tagIds.set(id, value);
      for (const [id, value] of Object.entries(data.notes)) if (mine(id)) this.notes.set(id, value);
      for (const highlight of data.highlights) {
        if (!mine(highlight.articleId)) continue;
        const list = this.highlightsOf.get(highlight.articleId);
        if (list) list.push(highlight);
        else this.highlightsOf.set(highlight.articleId, [highlight]);
        this.highlightArticle.set(highlight.highlightId, highlight.articleId);
      }
    }
  }

  // Reading the state of one article.

  bookmark(id: string): { createdAt: string } | undefined {
    return this.bookmarks.get(id);
  }

  readingOf(id: string): ReadingEntry | undefined {
    return this.reading.get(id);
  }

  archivedAt(id: string): string | undefined {
    return this.archived.get(id);
  }

  /** The places bookmarked in one article, in reading order. */
  places(id: string): PlaceBookmark[] {
    return [...(this.placesOf.get(id) ?? [])].sort((a, b) => a.position.block - b.position.block || a.position.offset - b.position.offset);
  }

  hasState(id: string): boolean {
    return this.bookmarks.has(id) || this.reading.has(id) || this.archived.has(id) || this.placesOf.has(id) || this.tagIds.has(id) || this.highlightsOf.has(id) || this.notes.has(id);
  }

  /** The tag ids stored for an article, as written (resolve them through the tag table). */
  tagIdsOf(id: string): readonly string[] {
    return this.tagIds.get(id) ?? [];
  }

  tagEntries(): IterableIterator<[string, string[]]> {
    return this.tagIds.entries();
  }

  /** Every tag id any state file names, with the name it last wrote for it (for a tag table restored from an older backup). */
  tagHints(files: StateFiles = this.current()): Map<string, string> {
    const hints = new Map<string, string>();
    for (const { data } of files.values()) {
      for (const ids of Object.values(data.tags)) for (const tag of ids) {
        const name = data.tagNames[tag];
        if (name && !hints.has(tag)) hints.set(tag, name);
      }
    }
    return hints;
  }

  /** An article's highlights, as stored (in the order they were made). */
  highlights(id: string): readonly StoredHighlight[] {
    return this.highlightsOf.get(id) ?? [];
  }

  highlightEntries(): IterableIterator<[string, StoredHighlight[]]> {
    return this.highlightsOf.entries();
  }

  findHighlight(highlightId: string): StoredHighlight | undefined {
    const articleId = this.highlightArticle.get(highlightId);
    return articleId === undefined ? undefined : this.highlightsOf.get(articleId)?.find((h) => h.highlightId === highlightId);
  }

  note(id: string): StoredNote | undefined {
    return this.notes.get(id);
  }

  noteEntries(): IterableIterator<[string, StoredNote]> {
    return this.notes.entries();
  }

  /** Ids with a bookmark / an archived mark / a reading entry (for the views drawn from the state). */
  bookmarkedIds(): IterableIterator<string> {
    return this.bookmarks.keys();
  }

  archivedIds(): IterableIterator<string> {
    return this.archived.keys();
  }

  readingEntries(): IterableIterator<[string, ReadingEntry]> {
    return this.reading.entries();
  }

  bookmarkEntries(): IterableIterator<[string, { createdAt: string }]> {
    return this.bookmarks.entries();
  }

  placeEntries(): IterableIterator<[string, PlaceBookmark[]]> {
    return this.placesOf.entries();
  }

  findPlace(placeId: string): PlaceBookmark | undefined {
    for (const places of this.placesOf.values()) for (const place of places) if (place.placeId === placeId) return place;
    return undefined;
  }

  // Changes (each one durable before it returns).

  async setBookmarked(id: string, bookmarked: boolean, now: string): Promise<void> {
    if (this.bookmarks.has(id) === bookmarked) return;
    await this.commit(id, ['bookmark'], (data) => ({ ...data, bookmarks: bookmarked ? { ...data.bookmarks, [id]: { createdAt: now } } : without(data.bookmarks, id) }));
  }

  /** Remembers where the reader is; reaching the end (100) marks the article read. */
  async saveProgress(id: string, position: ReadingPosition, progress: number, now: string): Promise<void> {
    const clamped = Math.max(0, Math.min(100, Math.round(progress)));
    const readAt = this.reading.get(id)?.readAt ?? (clamped >= 100 ? now : null);
    await this.commit(id, ['reading'], (data) => ({ ...data, reading: { ...data.reading, [id]: { position, progress: clamped, lastReadAt: now, readAt } } }));
  }

  async setRead(id: string, read: boolean, now: string): Promise<void> {
    const previous = this.reading.get(id) ?? EMPTY_READING;
    const finished = previous.progress >= 100;
    const next = read
      ? { ...previous, readAt: previous.readAt ?? now }
      : { ...previous, readAt: null, progress: finished ? 0 : previous.progress, position: finished ? null : previous.position };
    await this.commit(id, ['reading'], (data) => ({ ...data, reading: { ...data.reading, [id]: next } }));
  }

  async setArchived(id: string, archived: boolean, now: string): Promise<void> {
    await this.commit(id, ['archived'], (data) => ({ ...data, archived: archived ? { ...data.archived, [id]: data.archived[id] ?? now } : without(data.archived, id) }));
  }

  async addPlace(place: PlaceBookmark): Promise<void> {
    await this.commit(place.articleId, ['places'], (data) => ({ ...data, places: [...data.places, place] }));
  }

  async deletePlace(place: PlaceBookmark): Promise<void> {
    await this.commit(place.articleId, ['places'], (data) => ({ ...data, places: data.places.filter((p) => p.placeId !== place.placeId) }));
  }

  /** Sets an article's tag ids, with each one's current name as the shard's hint (see tagHints). */
  async setTagIds(id: string, ids: string[], names: Map<string, string>): Promise<void> {
    await this.commit(id, ['tags'], (data) => {
      const tags = ids.length ? { ...data.tags, [id]: ids } : without(data.tags, id);
      const tagNames: Record<string, string> = {};
      for (const list of Object.values(tags)) {
        for (const tag of list) {
          const name = names.get(tag) ?? data.tagNames[tag];
          if (name !== undefined) tagNames[tag] = name;
        }
      }
      return { ...data, tags, tagNames };
    });
  }

  /** Adds a highlight, or replaces the one with the same id. */
  async putHighlight(highlight: StoredHighlight): Promise<void> {
    await this.commit(highlight.articleId, ['highlights'], (data) => {
      const at = data.highlights.findIndex((h) => h.highlightId === highlight.highlightId);
      const highlights = at < 0 ? [...data.highlights, highlight] : data.highlights.map((h, i) => (i === at ? highlight : h));
      return { ...data, highlights };
    });
  }

  async deleteHighlight(highlight: StoredHighlight): Promise<void> {
    await this.commit(highlight.articleId, ['highlights'], (data) => ({ ...data, highlights: data.highlights.filter((h) => h.highlightId !== highlight.highlightId) }));
  }

  /** Sets (or, with null, removes) the note on a whole article. */
  async setNote(id: string, note: StoredNote | null): Promise<void> {
    await this.commit(id, ['note'], (data) => ({ ...data, notes: note ? { ...data.notes, [id]: note } : without(data.notes, id) }));
  }

  /** Removes everything kept for an article (after its index entry is gone). */
  async forget(id: string, shard: Shard): Promise<void> {
    if (!this.hasState(id)) return;
    await this.commitTo(shard, id, ALL_ASPECTS, (data) => withoutArticle(data, id));
  }

  /**
   * After open: moves state left in other shards' files home (an article a repair put into another
   * shard), removing it where it was; drops copies left beside state already home (a process stopped
   * between the two steps) and entries for articles the index no longer has. Returns how many
   * articles' state was moved.
   */
  async settleStray(files: StateFiles): Promise<number> {
    let moved = 0;
    for (const [ordinal, { data }] of files) {
      const shard = this.index.shards.find((s) => s.ordinal === ordinal);
      const ids = new Set([
        ...Object.keys(data.bookmarks),
        ...Object.keys(data.reading),
        ...Object.keys(data.archived),
        ...data.places.map((p) => p.articleId),
        ...Object.keys(data.tags),
        ...Object.keys(data.notes),
        ...data.highlights.map((h) => h.articleId),
      ]);
      const foreign = [...ids].filter((id) => this.index.slot(id)?.shard !== shard);
      if (foreign.length === 0) continue;
      for (const id of foreign) {
        if (!this.index.has(id) || this.hasState(id)) continue;
        // Home first, then removed here: stopped between, the next open finds the copy beside state at home and drops it.
        const places = data.places.filter((p) => p.articleId === id);
        const highlights = data.highlights.filter((h) => h.articleId === id);
        const tagNames = { ...tagNamesOf(data, id) };
        await this.commit(id, ALL_ASPECTS, (mine) => ({
          ...mine,
          bookmarks: id in data.bookmarks ? { ...mine.bookmarks, [id]: data.bookmarks[id]! } : mine.bookmarks,
          reading: id in data.reading ? { ...mine.reading, [id]: data.reading[id]! } : mine.reading,
          archived: id in data.archived ? { ...mine.archived, [id]: data.archived[id]! } : mine.archived,
          places: [...mine.places.filter((p) => p.articleId !== id), ...places],
          tags: id in data.tags ? { ...mine.tags, [id]: data.tags[id]! } : mine.tags,
          tagNames: { ...tagNames, ...mine.tagNames },
          highlights: [...mine.highlights.filter((h) => h.articleId !== id), ...highlights],
          notes: id in data.notes ? { ...mine.notes, [id]: data.notes[id]! } : mine.notes,
        }));
        moved++;
      }
      await this.rewriteWithout(ordinal, shard, new Set(foreign), files);
    }
    return moved;
  }

  /** Every state file, as in memory, and from disk for shards not loaded (a shard whose index file is gone). */
  current(): StateFiles {
    let states: StateFiles = new Map();
    try {
      states = ReadingState.readFiles(this.layout, this.storageNamesSync());
    } catch {
      // A state file damaged since open: the ones in memory are used.
    }
    for (const [shard, db] of this.dbs) states.set(shard.ordinal, { file: this.layout.stateFile(shard.ordinal), data: db.data });
    return states;
  }

  /** Takes in the state a shard's own file holds for an article that has just been put (back) into that shard. */
  adopt(id: string, files: StateFiles): void {
    const owner = this.index.slot(id)!.shard;
    const ownFile = files.get(owner.ordinal);
    let own = this.dbs.get(owner);
    if (!own && ownFile) {
      own = new Low(new DurableJsonFile<StateShard>(ownFile.file, this.storage), ownFile.data);
      this.dbs.set(owner, own);
    }
    if (own) this.merge(id, own.data, ALL_ASPECTS);
  }

  private storageNamesSync(): string[] {
    try {
      return readdirSync(this.layout.indexDir);
    } catch {
      return []; // no index folder: no state files on disk
    }
  }

  private async rewriteWithout(ordinal: number, shard: Shard | undefined, ids: Set<string>, files: StateFiles): Promise<void> {
    const strip = (data: StateShard) => [...ids].reduce(withoutArticle, data);
    if (shard) {
      const db = this.dbs.get(shard);
      if (db) {
        await commitTo(db, strip);
        return;
      }
    }
    // The file of a shard the index no longer has (its index file was lost): rewritten on its own.
    const entry = files.get(ordinal)!;
    const db = new Low(new DurableJsonFile<StateShard>(entry.file, this.storage), entry.data);
    await commitTo(db, strip);
  }

  private async commit(id: string, aspects: StateAspect[], change: (data: StateShard) => StateShard): Promise<void> {
    await this.commitTo(this.index.slot(id)!.shard, id, aspects, change);
  }

  /** Writes `shard`'s state file with `change` applied, then refreshes article `id` from it. */
  private async commitTo(shard: Shard, id: string, aspects: StateAspect[], change: (data: StateShard) => StateShard): Promise<void> {
    let db = this.dbs.get(shard);
    if (!db) {
      db = new Low(new DurableJsonFile<StateShard>(this.layout.stateFile(shard.ordinal), this.storage), emptyStateShard());
      this.dbs.set(shard, db);
    }
    try {
      await commitTo(db, change);
    } finally {
      this.merge(id, db.data, aspects);
    }
  }

  private merge(id: string, data: StateShard, aspects: StateAspect[]): void {
    const set = <V>(map: Map<string, V>, value: V | undefined) => (value === undefined ? map.delete(id) : map.set(id, value));
    set(this.bookmarks, data.bookmarks[id]);
    set(this.reading, data.reading[id]);
    set(this.archived, data.archived[id]);
    const places = data.places.filter((p) => p.articleId === id);
    set(this.placesOf, places.length ? places : undefined);
    const tags = data.tags[id];
    set(this.tagIds, tags?.length ? tags : undefined);
    set(this.notes, data.notes[id]);
    for (const old of this.highlightsOf.get(id) ?? []) this.highlightArticle.delete(old.highlightId);
    const highlights = data.highlights.filter((h) => h.articleId === id);
    set(this.highlightsOf, highlights.length ? highlights : undefined);
    for (const highlight of highlights) this.highlightArticle.set(highlight.highlightId, id);
    this.changed(id, aspects);
  }
}

/**
 * Applies `change` to a lowdb file and writes it; on failure memory goes back to what it was,
 * unless the write's outcome is unknown (then memory keeps what the disk now shows).
 */
export async function commitTo<T>(db: Low<T>, change: (data: T) => T): Promise<void> {
  const previous = db.data;
  db.data = change(previous);
  try {
    await db.write();
  } catch (error) {
    if (!(error instanceof UncertainWriteError)) db.data = previous;
    throw error;
  }
}

function withoutArticle(data: StateShard, id: string): StateShard {
  return {
    ...data,
    bookmarks: without(data.bookmarks, id),
    reading: without(data.reading, id),
    archived: without(data.archived, id),
    places: data.places.filter((p) => p.articleId !== id),
    tags: without(data.tags, id),
    highlights: data.highlights.filter((h) => h.articleId !== id),
    notes: without(data.notes, id),
  };
}

/** The tag-name hints a state file holds for one article's tags. */
function tagNamesOf(data: StateShard, id: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of data.tags[id] ?? []) if (data.tagNames[tag]) out[tag] = data.tagNames[tag]!;
  return out;
}

function without<V>(record: Record<string, V>, key: string): Record<string, V> {
  if (!(key in record)) return record;
  const { [key]: _removed, ...rest } = record;
  return rest;
}
