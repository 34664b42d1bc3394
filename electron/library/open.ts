import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { log, absentAs } from '../log';
import { ArticleFolders } from './article-folders';
import { ArticleIndex } from './article-index';
import { DamagedFileError } from './damage';
import { setAsideUnexpectedFiles } from './folder-check';
import { LibraryLayout } from './layout';
import { isProcessAlive } from './lock';
import type { LibraryOptions } from './library';
import { migrateLayout } from './migrations';
import { ReadingState } from './reading-state';
import { Repair } from './repair';
import { RollingBackupSchedule } from './rolling-backups';
import { SettingsStore } from './settings';
import { realFs, Storage } from './storage';
import { rollBackReplacements, tidyAfterOpen } from './tidy';
import { WriteQueue } from './write-queue';
import { FeedStore } from './feed-store';
import { Rooms } from './rooms';
import { TagTable } from './tag-table';

/** Opens every room of a library (see Library.open). */
export async function openRooms(options: LibraryOptions): Promise<Rooms> {
  const now = options.now ?? (() => new Date());
  const layout = new LibraryLayout(options.dataDir);
  const storage = new Storage(options.dataDir, options.fs ?? realFs);
  const folders = new ArticleFolders(layout, storage);
  const readOnly = options.access === 'read-only';
  if (readOnly) return openFiles(layout, storage, folders, now, true);

  await storage.fs.mkdir(options.dataDir, { recursive: true });
  const repair = new Repair(layout, storage, folders, now());
  // A repair a stopped process left half done is finished first.
  await Repair.finishInterrupted(layout, storage, folders, now());
  let rooms: Rooms;
  for (;;) {
    try {
      await migrateLayout(layout, storage, now());
      await storage.makeDirectory(layout.articlesDir);
      if (!existsSync(layout.indexDir) && (await hasArticlesOrBackups(layout)) && !repair.indexRepaired) {
        // The index folder is gone although the library has articles: its reading state comes back from a backup.
        await rollBackReplacements(layout, storage);
        await repair.restoreIndexFolder();
      }
      await storage.makeDirectory(layout.indexDir);
      rooms = await openFiles(layout, storage, folders, now, false);
      break;
    } catch (error) {
      if (!(error instanceof DamagedFileError) || !repair.canRepair(error)) throw error;
      // A replacement stopped between its two renames has the article under <id>.old-*: put it back
      // first, or the repair would take the article for deleted.
      if (!repair.repaired) await rollBackReplacements(layout, storage);
      await repair.repair(error);
    }
  }
  // Temporary files of writes a crash cut short, and the folder itself once empty: before open
  // returns, so a library at rest has none (only the writer writes there, so no other process's is live).
  await storage.removeDeadTemps((pid) => pid === process.pid).catch((error: unknown) => log.warn('Temporary files could not be removed', error));
  if (repair.repaired) {
    if (repair.indexRepaired) repair.addRecoveredArticles(await rooms.adopt(await folders.recordsFromFolders((id) => rooms.index.has(id)), repair));
    rooms.repairNotice = await repair.save(repair.indexRepaired ? await rooms.unindexedFolders() : 0);
  }
  // Listing 50,000 article folders takes longer than everything above, so the clean-up after a
  // crash runs after open returns, as the first change in the queue: nothing can add or remove a
  // folder before it is done. Then state left in other shards is moved home.
  const states = rooms.state.current();
  void rooms.queue
    .run(async () => {
      const tidied = await tidyAfterOpen({
        layout,
        storage,
        index: rooms.index,
        folders,
        adopt: (records) => rooms.adopt(records, null),
        finishDelete: async (id) => void (await rooms.removeFromIndex(id, null)),
        isAlive: isProcessAlive,
      });
      if (tidied.deletesFinished.length) rooms.views.articlesChanged();
      const moved = await rooms.state.settleStray(states);
      await rooms.tags.settle(now().toISOString());
      await rooms.feeds.removeOrphans();
      rooms.views.tagsChanged();
      if (tidied.adopted || tidied.tempFiles || tidied.deletesFinished.length || moved) log.info(`Tidied ${layout.dataDir} after open: ${JSON.stringify({ ...tidied, stateMoved: moved })}`);
    })
    .catch((error: unknown) => log.error(`The clean-up of ${layout.dataDir} after open stopped`, error));
  // Files an article folder may not hold (a hand-edited folder, a planted note.html) are moved aside, never served.
  rooms.foldersChecked = setAsideUnexpectedFiles({
    layout,
    storage,
    now,
    isArticle: (name) => rooms.index.has(name),
    stopped: () => rooms.closed,
    serialize: (task) => rooms.queue.run(task),
  }).catch((error: unknown) => {
    // The check is a safeguard, not a repair the open depends on: a folder it cannot read or move from is left as it is.
    log.warn('The check of article folders after open stopped', error);
    return [] as string[];
  });
  rooms.index.onDamaged = (shard, error) => rooms.repairLater(shard, error);
  rooms.verified = rooms.verifyShards();
  if (options.backups) {
    rooms.backups = new RollingBackupSchedule(layout.dataDir, options.backups.everyMs, now, () => rooms.index.size === 0);
    // After the clean-up queued above, so a backup never copies what it removes.
    rooms.backups.start(rooms.queue.flush());
  }
  return rooms;
}

async function openFiles(layout: LibraryLayout, storage: Storage, folders: ArticleFolders, now: () => Date, readOnly: boolean): Promise<Rooms> {
  const found = readOnly ? await migrateLayout(layout, storage, now(), { readOnly: true }) : null;
  const names = await readdir(layout.indexDir).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [] as string[];
    throw error;
  });
  const index = ArticleIndex.open(layout, storage, names, { followsWriter: readOnly });
  const [states, settings] = [ReadingState.readFiles(layout, names), await SettingsStore.open(layout, storage, { layout2: found === 2 })];
  const tagTable = TagTable.readFile(layout);
  const feeds = await FeedStore.open(layout, storage);
  const rooms = new Rooms(layout, storage, folders, index, settings, new WriteQueue(readOnly ? `The library at ${layout.dataDir} is open read-only here; changes are made by the app or \`offprint save\`/\`serve\` holding it.` : null), now, states, tagTable);
  rooms.feeds = feeds;
  return rooms;
}

async function hasArticlesOrBackups(layout: LibraryLayout): Promise<boolean> {
  const articles = await readdir(layout.articlesDir).catch(absentAs([] as string[]));
  if (articles.some((name) => !name.startsWith('.'))) return true;
  return (await readdir(layout.backupsDir).catch(absentAs([] as string[]))).some((name) => !name.startsWith('.'));
}
