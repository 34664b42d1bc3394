import { randomBytes } from 'node:crypto';
import { access, opendir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleFolders } from './article-folders';
import { sortBySavedAt } from './article-folders';
import type { ArticleIndex } from './article-index';
import { type LibraryLayout, parseArticleFolderName, tempFilePid } from './layout';
import type { ArticleRecord } from './schema';
import type { Storage } from './storage';
import { absentAs } from '../log';

/** What the clean-up after open found and did, for the log and the tests. */
export interface TidyReport {
  tempFiles: number;
  stagingFolders: number;
  deletesFinished: string[];
  replacementsSettled: number;
  adopted: number;
}

export interface TidyContext {
  layout: LibraryLayout;
  storage: Storage;
  index: ArticleIndex;
  folders: ArticleFolders;
  /** Puts article folders the index does not list into it (with their state). */
  adopt(records: ArticleRecord[]): Promise<number>;
  /** Takes a decided delete's article out of the index and its state. */
  finishDelete(id: string): Promise<void>;
  isAlive(pid: number): boolean;
}

/**
 * Puts the library folder in order after whatever stopped the last process, as the first queued
 * change after open: temporary files and staging folders are removed; a delete stopped before its
 * index change is rolled back, and one decided on a full disk (`<id>.purge-*`) is finished; an
 * interrupted replacement is settled by the index;
 * and an article folder the index does not list (a save stopped between placing its folder and
 * writing its index entry, or articles of a shard whose repair was interrupted) is put back into
 * the index. An article folder is never removed here.
 */
export async function tidyAfterOpen(ctx: TidyContext): Promise<TidyReport> {
  const { layout, storage, index, folders } = ctx;
  const report: TidyReport = { tempFiles: 0, stagingFolders: 0, deletesFinished: [], replacementsSettled: 0, adopted: 0 };
  // Only the writer (this process) writes in index/: every temporary file of another process there is left by a crash
  // (those in .temp/ were removed before open returned).
  const notMine = (pid: number) => pid === process.pid;
  // Layout 2 wrote its temporary files beside their targets; at the top level a lock being taken
  // by another process has one too (`lock.<pid>.<random>.tmp`), so there only a dead process's count.
  for (const [dir, keep] of [
    [layout.dataDir, ctx.isAlive],
    [layout.indexDir, notMine],
  ] as const) {
    for (const name of await readdir(dir).catch(absentAs([] as string[]))) {
      const pid = name.endsWith('.tmp') ? tempFilePid(name) : null;
      if (pid === null || keep(pid)) continue;
      await rm(join(dir, name), { force: true });
      report.tempFiles++;
    }
  }
  // opendir hands the 50,000 names over a few dozen at a time, so requests answered meanwhile do not wait for all of them.
  const names: string[] = [];
  for await (const entry of await opendir(layout.articlesDir, { bufferSize: 256 })) if (!index.has(entry.name)) names.push(entry.name);
  // Replacements first: their old copy decides whether the article's folder is the new or the old one.
  const order = (name: string) => ({ replaced: 0, deleted: 1, purged: 1, discarded: 1, staging: 1, article: 2, other: 3 })[parseArticleFolderName(name).kind];
  names.sort((a, b) => order(a) - order(b));
  const orphans: ArticleRecord[] = [];
  for (const name of names) {
    const full = join(layout.articlesDir, name);
    if (!(await exists(full))) continue;
    const folder = parseArticleFolderName(name);
    switch (folder.kind) {
      case 'staging':
      case 'discarded':
        await storage.fs.rm(full, { recursive: true, force: true });
        report.stagingFolders++;
        break;
      case 'deleted':
        // A delete stopped before its index change: the article is whole again (it was never acknowledged).
        if (index.has(folder.id) && !(await exists(layout.articleDir(folder.id)))) await storage.fs.rename(full, layout.articleDir(folder.id));
        else await storage.fs.rm(full, { recursive: true, force: true });
        break;
      case 'purged':
        // A delete decided on a full disk: finished.
        if (index.has(folder.id)) {
          await ctx.finishDelete(folder.id);
          report.deletesFinished.push(folder.id);
        }
        await storage.fs.rm(full, { recursive: true, force: true });
        break;
      case 'replaced':
        if (!index.has(folder.id)) await storage.fs.rm(full, { recursive: true, force: true });
        else if (!(await exists(layout.articleDir(folder.id)))) await storage.fs.rename(full, layout.articleDir(folder.id));
        else await settleReplacement(ctx, folder.id, full);
        report.replacementsSettled++;
        break;
      case 'article': {
        if (!(await stat(full).then((s) => s.isDirectory(), () => false))) break;
        const record = await folders.folderRecord(name);
        if (record) orphans.push(record);
        // A folder with no article file in it at all is an empty shell: nothing to keep.
        else if ((await readdir(full)).length === 0) await storage.fs.rm(full, { recursive: true, force: true });
        break;
      }
      case 'other':
        break; // not Offprint's: left alone
    }
  }
  if (orphans.length) report.adopted = await ctx.adopt(sortBySavedAt(orphans));
  return report;
}

/**
 * A replacement that left its old copy (`old`) beside the article's folder. If the index already
 * has the new folder's record, the replacement was committed and only its clean-up was cut short;
 * otherwise it was not acknowledged, and is rolled back to the old copy.
 */
async function settleReplacement(ctx: TidyContext, id: string, old: string): Promise<void> {
  const { layout, storage } = ctx;
  const placed = await ctx.folders.folderRecord(id, { strict: true });
  const indexed = ctx.index.get(id);
  if (placed !== null && indexed !== undefined && sameRecord(placed, indexed)) {
    await storage.fs.rm(old, { recursive: true, force: true });
    return;
  }
  const doomed = layout.markedDir(id, 'discarded', randomBytes(4).toString('hex'));
  await storage.fs.rename(layout.articleDir(id), doomed);
  await storage.fs.rename(old, layout.articleDir(id));
  await storage.syncDirectory(layout.articlesDir);
  await storage.fs.rm(doomed, { recursive: true, force: true });
}

/** Renames `<id>.old-*` folders back to `<id>` where no `<id>` folder exists, before a repair reads the folders. */
export async function rollBackReplacements(layout: LibraryLayout, storage: Storage): Promise<void> {
  for (const name of await readdir(layout.articlesDir).catch(absentAs([] as string[]))) {
    const folder = parseArticleFolderName(name);
    if (folder.kind !== 'replaced') continue;
    const target = layout.articleDir(folder.id);
    if (!(await exists(target))) await storage.fs.rename(join(layout.articlesDir, name), target);
  }
  await storage.syncDirectory(layout.articlesDir).catch(() => undefined); // no articles folder yet: nothing was renamed
}

/** Two records are the same (key order aside). */
function sameRecord(a: ArticleRecord, b: ArticleRecord): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
