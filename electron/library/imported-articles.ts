import { stat } from 'node:fs/promises';
import { describeRange, paragraphRanges } from '../../shared/anchoring';
import { OffprintError } from '../../shared/errors';
import type { PlaceBookmark } from '../../shared/types';
import type { ArticleFiles, PlacedFolder } from './article-folders';
import { SHARD_CAPACITY, type Shard } from './article-index';
import type { ImportedStateEntry } from './reading-state';
import type { Rooms } from './rooms';
import type { ArticleRecord, DownloadState, ReadingState, StoredHighlight, StoredNote } from './schema';

/** An article's whole reading state as an import brings it: what the export said, or (Offprint's own export) exactly what it was. */
export interface ImportedState {
  bookmarkedAt: string | null;
  reading: ReadingState | null;
  archivedAt: string | null;
  /** Tag names, with the time each was first used where they came from. */
  tags: { name: string; createdAt: string }[];
  places: PlaceBookmark[];
  highlights: StoredHighlight[];
  note: StoredNote | null;
}

/** One article of an import: its record, its files (none for one waiting to be downloaded) and its state. */
export interface ImportedArticle {
  record: ArticleRecord;
  files: ArticleFiles | null;
  state: ImportedState;
}

/**
 * Adds the articles of an import, or puts them again (a resumed import: the same ids, the same
 * records and state, so doing it twice is doing it once). Folders first, for the articles that
 * have files; then per index shard its records, then its state file in one write. Each shard's
 * records are atomic; a crash between the records and the state leaves articles without their
 * state, which the import that resumes puts again (transfer's job says which entries are not
 * acknowledged yet).
 */
export async function importMany(rooms: Rooms, items: ImportedArticle[]): Promise<void> {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.record.id)) throw new OffprintError('invalid-argument', `The article ${item.record.id} is twice in one import.`);
    seen.add(item.record.id);
  }
  await rooms.tags.table.ensureDated(items.flatMap((i) => i.state.tags)).catch(async (error: unknown) => {
    throw await rooms.storage.failure('The tags of the import could not be written', error);
  });
  const placed: (PlacedFolder | null)[] = [];
  try {
    for (const item of items) {
      if (!item.files) {
        placed.push(null);
        continue;
      }
      const exists = await stat(rooms.layout.articleDir(item.record.id)).then((s) => s.isDirectory(), () => false);
      placed.push(await rooms.folders.place(item.record, item.files, exists));
    }
  } catch (error) {
    await Promise.all(placed.map((p) => p?.undo()));
    throw error;
  }
  const folderOf = new Map(items.map((item, i) => [item, placed[i] ?? null]));
  // Articles already in the index stay in their shard; the new ones fill the last shard, then new ones.
  const groups = new Map<Shard, ImportedArticle[]>();
  const fresh: ImportedArticle[] = [];
  for (const item of items) {
    const shard = rooms.index.slot(item.record.id)?.shard;
    if (shard) groups.set(shard, [...(groups.get(shard) ?? []), item]);
    else fresh.push(item);
  }
  const added: string[] = [];
  const updated: string[] = [];
  let committed = 0;
  try {
    for (const [shard, group] of groups) {
      await commitGroup(rooms, shard, group, folderOf);
      updated.push(...group.map((i) => i.record.id));
    }
    while (committed < fresh.length) {
      const shard = rooms.index.shardForNew();
      const group = fresh.slice(committed, committed + SHARD_CAPACITY - shard.ids.length);
      await commitGroup(rooms, shard, group, folderOf);
      committed += group.length;
      added.push(...group.map((i) => i.record.id));
    }
  } catch (error) {
    const done = new Set([...added, ...updated]);
    await Promise.all(items.map((item, i) => (done.has(item.record.id) ? undefined : placed[i]?.undo())));
    throw error;
  }
  await rooms.changes.committedMany(items.map((item) => ({ type: 'put' as const, record: item.record, bodyText: item.files?.bodyText ?? '' })));
  rooms.changes.articlesChanged({ added, updated: [] });
}

async function commitGroup(rooms: Rooms, shard: Shard, group: ImportedArticle[], placed: Map<ImportedArticle, PlacedFolder | null>): Promise<void> {
  await rooms.commitIndex(shard, { put: group.map((i) => i.record) });
  for (const item of group) await placed.get(item)?.done();
  const entries: ImportedStateEntry[] = group.map(({ record, state }) => ({
    id: record.id,
    bookmarkedAt: state.bookmarkedAt,
    reading: state.reading,
    archivedAt: state.archivedAt,
    tagIds: [...new Set(state.tags.map((t) => rooms.tags.table.idOf(t.name)!))],
    places: state.places.map((p) => ({ ...p, articleId: record.id })),
    highlights: state.highlights.map((h) => ({ ...h, articleId: record.id })),
    note: state.note,
  }));
  const names = new Map(entries.flatMap((e) => e.tagIds.map((tag) => [tag, rooms.tags.table.name(tag)!] as const)));
  await rooms.state.putMany(shard, entries, names).catch(async (error: unknown) => {
    throw await rooms.storage.failure('The reading state of the import could not be written', error);
  });
}

/**
 * Removes articles that have no folder (waiting to be downloaded: a cancelled import), a shard at
 * a time: its records in one write, then its state in one.
 */
export async function removeWaiting(rooms: Rooms, ids: string[]): Promise<string[]> {
  const byShard = new Map<Shard, string[]>();
  for (const id of ids) {
    const slot = rooms.index.slot(id);
    if (!slot || !rooms.index.get(id)?.download) continue;
    byShard.set(slot.shard, [...(byShard.get(slot.shard) ?? []), id]);
  }
  const removed: string[] = [];
  for (const [shard, list] of byShard) {
    await rooms.commitIndex(shard, { remove: list });
    await rooms.state.forgetMany(shard, list).catch((error: unknown) => rooms.storage.failure('The reading state of removed articles is dropped at the next open', error));
    removed.push(...list);
    await rooms.changes.committedMany(list.map((id) => ({ type: 'delete' as const, id })));
  }
  if (removed.length) rooms.changes.articlesChanged({ removed });
  return removed;
}

/** Stores a downloaded article over its waiting record: same id, so its state (tags, highlights, progress) stays. */
export async function completeDownload(rooms: Rooms, record: ArticleRecord, files: ArticleFiles): Promise<void> {
  const shard = rooms.index.slot(record.id)?.shard;
  if (!shard) throw new OffprintError('not-found', `There is no saved article with the id ${record.id}.`);
  // A folder may be there already: a download stopped after placing it and before the index said so.
  const exists = await stat(rooms.layout.articleDir(record.id)).then((s) => s.isDirectory(), () => false);
  const placed = await rooms.folders.place(record, files, exists);
  await rooms.commitIndex(shard, { put: [record] }, placed);
  await rooms.changes.committed({ type: 'put', record, bodyText: files.bodyText });
}

/** Records an attempt of a waiting download (failed, or tried again later) in its index record. */
export async function setDownloadState(rooms: Rooms, id: string, download: DownloadState): Promise<void> {
  const slot = rooms.index.slot(id);
  const record = rooms.index.get(id);
  if (!slot || !record?.download) throw new OffprintError('not-found', `There is no article waiting to be downloaded with the id ${id}.`);
  await rooms.commitIndex(slot.shard, { put: [{ ...record, download }] });
}

/** Whether a highlight is one an import made before the article's text was there (no context, no place yet). */
export function isUnplaced(h: StoredHighlight): boolean {
  return h.position.start === 0 && h.position.end === 0 && h.quote.prefix === '' && h.quote.suffix === '';
}

/**
 * After a download: each highlight the import brought is looked for in the text that came
 * (`place`); one found is stored with its place and context, as if made there; one not found stays
 * as it was ("not found in the current text"). Progress an import brought gets a reading position
 * at the same fraction of the text's paragraphs. One write of the article's state file.
 */
export async function settleImported(rooms: Rooms, id: string, place: (text: string, quote: string) => { start: number; end: number } | null): Promise<{ placed: number; notFound: number }> {
  const slot = rooms.index.slot(id);
  if (!slot) return { placed: 0, notFound: 0 };
  const { state, tags } = rooms;
  const highlights = [...state.highlights(id)];
  const reading = state.readingOf(id);
  const unplaced = highlights.filter(isUnplaced);
  const needsPosition = reading && reading.position === null && reading.progress > 0 && !reading.readAt;
  if (!unplaced.length && !needsPosition) return { placed: 0, notFound: 0 };
  const text = await rooms.folders.readText(id).catch(() => '');
  let placed = 0;
  const next = highlights.map((h) => {
    if (!isUnplaced(h)) return h;
    const at = text ? place(text, h.quote.exact) : null;
    if (!at) return h;
    placed++;
    return { ...h, ...describeRange(text, at.start, at.end) };
  });
  let nextReading = reading ?? null;
  if (needsPosition && text) {
    const blocks = paragraphRanges(text).length;
    nextReading = { ...reading, position: { block: Math.min(blocks - 1, Math.floor((reading.progress / 100) * blocks)), offset: 0 } };
  }
  const tagIds = [...state.tagIdsOf(id)];
  await state.putMany(
    slot.shard,
    [{ id, bookmarkedAt: state.bookmark(id)?.createdAt ?? null, reading: nextReading, archivedAt: state.archivedAt(id) ?? null, tagIds, places: state.places(id), highlights: next, note: state.note(id) ?? null }],
    new Map(tagIds.map((tag) => [tag, tags.table.name(tag) ?? tag])),
  );
  return { placed, notFound: unplaced.length - placed };
}
