import { OffprintError } from '../../shared/errors';
import type { LibraryNotice } from '../../shared/types';
import { log, absentAs } from '../log';
import { type ArticleFiles, ArticleFolders, type PlacedFolder } from './article-folders';
import { ArticleIndex, SHARD_CAPACITY, type Shard } from './article-index';
import { LibraryChanges } from './changes';
import { DamagedFileError } from './damage';
import type { FeedStore } from './feed-store';
import { LibraryLayout } from './layout';
import { ReadingState, type StateFiles } from './reading-state';
import { Repair } from './repair';
import { RollingBackupSchedule } from './rolling-backups';
import type { ArticleRecord } from './schema';
import { SettingsStore } from './settings';
import { codeOf, Storage, UncertainWriteError } from './storage';
import { Highlights } from './highlights';
import type { TagTable as TagTableFile } from './schema';
import { TagTable } from './tag-table';
import { Tags } from './tags';
import { Views } from './views';
import { WriteQueue } from './write-queue';

/**
 * The rooms of one open library, wired together, and the steps that span several of them:
 * opening (with repair of damaged files), committing to the index, putting folders back into it,
 * the check of every record after open, and closing. The facade (library.ts) is the only user.
 */
export class Rooms {
  readonly changes = new LibraryChanges((error) => log.warn('A library change listener failed', error));
  readonly views: Views;
  readonly state: ReadingState;
  readonly tags: Tags;
  readonly highlights: Highlights;
  repairNotice: LibraryNotice | null = null;
  verified: Promise<void> = Promise.resolve();
  /** Resolves, after open, with the files moved out of article folders that may not hold them (see folder-check.ts). */
  foldersChecked: Promise<string[]> = Promise.resolve([]);
  onRepaired: (notice: LibraryNotice) => void = () => undefined;
  backups: RollingBackupSchedule | null = null;
  /** The feed store room, opened with the other files. */
  feeds!: FeedStore;
  closed = false;
  private readonly repairing = new Set<Shard>();

  constructor(
    readonly layout: LibraryLayout,
    readonly storage: Storage,
    readonly folders: ArticleFolders,
    readonly index: ArticleIndex,
    readonly settings: SettingsStore,
    readonly queue: WriteQueue,
    readonly now: () => Date,
    states: StateFiles,
    tagTable: TagTableFile,
  ) {
    this.state = new ReadingState(layout, storage, index, (id, aspects) => {
      if (aspects.includes('tags')) this.tags.refresh(id);
      this.views.stateChanged(id, aspects);
    });
    this.tags = new Tags(new TagTable(layout, storage, tagTable), this.state, index);
    this.highlights = new Highlights(this.state, index);
    this.views = new Views(index, this.state, this.tags);
    this.state.load(states);
    // A tag table restored from an older backup: ids it does not know are read by the names the state files kept (written after open).
    this.tags.table.adoptUnknown(this.state.tagHints(states), now().toISOString());
    this.tags.rebuild();
  }

  /**
   * Writes a shard with records added or replaced. `placed` is the folder of a save: dropped when
   * the index write fails, kept (with the copy it replaced gone) once the index lists it. A write
   * whose outcome the disk left unknown keeps the folder too, since the index on disk may list it.
   */
  async commitIndex(shard: Shard, change: { put?: ArticleRecord[]; remove?: string[] }, placed?: PlacedFolder): Promise<void> {
    try {
      await this.index.commit(shard, change);
    } catch (error) {
      if (error instanceof UncertainWriteError) {
        this.views.articlesChanged();
        await placed?.done().catch((cleanup: unknown) => log.warn('A replaced article copy is removed at the next open', cleanup));
      } else if (placed) await this.undoOrUncertain([placed], shard.file);
      throw await this.storage.failure('The library could not be written', error);
    }
    this.views.articlesChanged();
    await placed?.done().catch((error: unknown) => log.warn('A replaced article copy is removed at the next open', error));
  }

  /**
   * Puts back the folder of a delete that did not happen. If the disk refuses even that, the article
   * is in the index without its folder until the next open puts it back: the library says its state
   * is unknown and refuses changes until it is reopened.
   */
  private async unmarkOrUncertain(id: string, marked: string): Promise<void> {
    try {
      await this.folders.unmark(id, marked);
    } catch (undo) {
      log.error(`The folder of ${id} could not be put back after a failed delete`, undo);
      throw await this.storage.failure('The article could not be deleted', new UncertainWriteError(marked, undo));
    }
  }

  /**
   * Takes back folders of a save that failed. If even that fails (the disk refuses to move or remove
   * them), the folder may be found at the next open and the article kept after all: the save's outcome
   * is then unknown, and is said so (the library refuses changes until it is reopened).
   */
  private async undoOrUncertain(placed: PlacedFolder[], file: string): Promise<void> {
    const outcomes = await Promise.allSettled(placed.map((p) => p.undo()));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (!failed) return;
    log.error('A failed save could not be taken back', failed.reason);
    throw await this.storage.failure('The article could not be saved', new UncertainWriteError(file, failed.reason));
  }

  /**
   * Takes an article whose folder was moved to `marked` out of the index, then its state. When the
   * index cannot be written because the disk is full, the delete is decided and the folder's files
   * removed to make room, and the write is tried again; if even that fails, memory forgets the
   * article and the next open finishes the delete. Any other failure puts the folder back and is
   * the answer. Returns the folder left to remove.
   */
  async removeFromIndex(id: string, marked: string | null): Promise<string | null> {
    const shard = this.index.slot(id)?.shard;
    if (!shard) return marked;
    let leftover = marked;
    try {
      await this.index.commit(shard, { remove: [id] });
    } catch (error) {
      const full = ['ENOSPC', 'EDQUOT'].includes(codeOf(error) ?? '');
      if (error instanceof UncertainWriteError) {
        // The index on disk may no longer list it: it stays deleted in memory too (the queue now refuses changes).
      } else if (full && marked) {
        let purged: string;
        try {
          purged = await this.folders.markPurged(id, marked);
        } catch (markError) {
          await this.unmarkOrUncertain(id, marked);
          throw await this.storage.failure('The article could not be deleted', markError);
        }
        // Decided: from here the delete happens, now or at the next open.
        leftover = purged;
        await this.folders.empty(purged).catch((emptyError: unknown) => log.warn(`The files of deleted article ${id} are removed at the next open`, emptyError));
        await this.index.commit(shard, { remove: [id] }).catch((again: unknown) => {
          // The `.purge-` folder stays as the mark the next open finishes the delete by.
          leftover = null;
          this.index.forgetInMemory(shard, id);
          log.warn(`Deleted article ${id} is taken out of the index at the next open`, again);
        });
      } else {
        if (marked) await this.unmarkOrUncertain(id, marked);
        throw await this.storage.failure('The article could not be deleted', error);
      }
    }
    await this.state.forget(id, shard).catch((error: unknown) => log.warn(`The reading state of deleted article ${id} is removed at the next open`, error));
    return leftover;
  }

  async addMany(items: { record: Omit<ArticleRecord, 'savedAt'> & { savedAt?: string }; files: ArticleFiles }[], concurrency: number, now: string): Promise<number> {
    const records = items.map(({ record }) => ({ ...record, savedAt: record.savedAt ?? now }) as ArticleRecord);
    const seen = new Set<string>();
    for (const r of records) {
      if (this.index.has(r.id) || seen.has(r.id)) throw new OffprintError('invalid-argument', `The article ${r.id} is already in the library.`);
      seen.add(r.id);
    }
    const placed: PlacedFolder[] = new Array(items.length);
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (next < items.length && !failed) {
        const i = next++;
        try {
          placed[i] = await this.folders.place(records[i]!, items[i]!.files, false);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    // Every worker has stopped before anything is undone, so no folder is placed after the undo.
    const outcomes = await Promise.allSettled(Array.from({ length: Math.max(1, concurrency) }, worker));
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) {
      await this.undoOrUncertain(placed.filter(Boolean), this.layout.articlesDir);
      throw failure.reason;
    }
    let committed = 0;
    try {
      while (committed < records.length) {
        const shard = this.index.shardForNew();
        const batch = records.slice(committed, committed + SHARD_CAPACITY - shard.ids.length);
        await this.commitIndex(shard, { put: batch });
        committed += batch.length;
      }
    } catch (error) {
      await this.undoOrUncertain(placed.slice(committed), this.layout.articlesDir);
      throw error;
    }
    for (let i = 0; i < records.length; i++) await this.changes.committed({ type: 'put', record: records[i]!, bodyText: items[i]!.files.bodyText });
    this.changes.articlesChanged({ added: records.map((r) => r.id) });
    return committed;
  }

  /**
   * Puts articles whose folders are on disk but not in the index back into it (after a shard was
   * restored from an older backup, or a save stopped before its index entry), with the state their
   * shard's file still holds, then moves state left in other shards home. Bodies a folder lost are
   * rebuilt from its text. Returns how many articles came back.
   */
  async adopt(records: ArticleRecord[], repair: Repair | null): Promise<number> {
    let committed = 0;
    while (committed < records.length) {
      const shard = this.index.shardForNew();
      const batch = records.slice(committed, committed + SHARD_CAPACITY - shard.ids.length);
      await this.commitIndex(shard, { put: batch });
      committed += batch.length;
    }
    const states = this.state.current();
    for (const record of records) this.state.adopt(record.id, states);
    await this.state.settleStray(states);
    let rebuilt = 0;
    for (const record of records) if (await this.folders.rebuildMissingBody(record.id)) rebuilt++;
    repair?.addRebuiltBodies(rebuilt);
    for (const record of records) {
      const bodyText = await this.folders.readText(record.id).catch(absentAs(''));
      await this.changes.committed({ type: 'put', record, bodyText });
    }
    if (records.length) this.changes.articlesChanged({ added: records.map((r) => r.id) });
    return records.length;
  }

  /** Article folders still missing from the index (counted for the repair notice). */
  async unindexedFolders(): Promise<number> {
    return (await this.folders.recordsFromFolders((id) => this.index.has(id))).length;
  }

  /** Reads every shard's records after open, one shard per queued step, and queues the repair of a damaged one. */
  async verifyShards(): Promise<void> {
    for (const shard of [...this.index.shards]) {
      if (this.closed) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.queue
        .runAlways(async () => {
          if (this.closed || !this.index.shards.includes(shard)) return;
          try {
            this.index.verify(shard);
          } catch {
            // verify reported it through onDamaged, which queued the repair.
          }
        })
        .catch((error: unknown) => log.warn('The check after open stopped at a shard', error));
    }
    await this.queue.flush();
  }

  /** Queues the repair of a shard found damaged while open (once per shard). */
  repairLater(shard: Shard, error: OffprintError): void {
    if (!(error instanceof DamagedFileError) || this.repairing.has(shard) || this.closed || !this.queue.writable) return;
    this.repairing.add(shard);
    const repair = () => this.repairShard(shard, error);
    void this.queue
      .run(() => (this.backups ? this.backups.hold(repair) : repair()))
      .catch((failure: unknown) => log.error(`The damaged index file ${error.file} could not be repaired`, failure))
      .finally(() => this.repairing.delete(shard));
  }

  private async repairShard(shard: Shard, error: DamagedFileError): Promise<void> {
    if (!this.index.shards.includes(shard)) return;
    const repair = new Repair(this.layout, this.storage, this.folders, this.now());
    if (!repair.canRepair(error)) return;
    await repair.repair(error);
    this.index.reload(shard);
    this.views.articlesChanged();
    repair.addRecoveredArticles(await this.adopt(await this.folders.recordsFromFolders((id) => this.index.has(id)), repair));
    this.repairNotice = await repair.save(await this.unindexedFolders());
    this.onRepaired(this.repairNotice);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.backups?.stop();
    // The checks after open stop at their next step; a repair they queued is finished, not cut short.
    await this.verified;
    await this.foldersChecked;
    await this.queue.flush();
    // A library at rest has no temporary folder (it is made again by the next write that needs one).
    if (this.queue.writable) await this.storage.fs.rmdir(this.layout.tempDir).catch(() => undefined); // missing, or not empty (left for the next open to clean)
  }
}
