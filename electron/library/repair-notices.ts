import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { LibraryNotice } from '../../shared/types';
import type { LibraryLayout } from './layout';
import type { Storage } from './storage';
import { absentAs } from '../log';

/** What one repair did, as `recovered/<time>/report.json` records it. */
export const repairReportSchema = z.object({
  id: z.string().regex(/^[0-9A-Za-z-]{1,60}$/),
  createdAt: z.string(),
  files: z.array(
    z.object({
      path: z.string(),
      reason: z.string(),
      kind: z.enum(['shard', 'state-shard', 'settings', 'index-folder', 'legacy-db', 'tags', 'feed-list', 'feed-state']),
      /** When the rolling backup it was restored from was taken; null when none had an intact copy. */
      restoredFrom: z.string().nullable(),
      /** True when that backup was taken before the file existed, so the file was removed. */
      backupPredates: z.boolean().optional(),
    }),
  ),
  /** Articles put back into the index from their folders; null when the repair did not finish (they came back at the next open). */
  recoveredArticles: z.number().int().nullable(),
  /** Article folders on disk still missing from the index once the repair finished: counted, so "nothing lost" is a fact. */
  unindexedFolders: z.number().int().optional(),
  /** Articles whose body.html was missing, rebuilt from their text. */
  rebuiltBodies: z.number().int().optional(),
  /** False while the repair is under way; a report left false was interrupted, and is finished at the next open. */
  finished: z.boolean().optional(),
  /** True when the repair was interrupted and finished by a later open. */
  interrupted: z.boolean().optional(),
  /** Files an open found in article folders that may not hold them, moved here (see folder-check.ts). */
  setAside: z.array(z.string()).optional(),
  dismissedAt: z.string().nullable(),
});
export type RepairReport = z.infer<typeof repairReportSchema>;
export type RepairedFile = RepairReport['files'][number];

export const REPORT_FILE = 'report.json';

export async function readReport(file: string): Promise<RepairReport | null> {
  try {
    return repairReportSchema.safeParse(JSON.parse(await readFile(file, 'utf8'))).data ?? null;
  } catch {
    return null; // missing or not JSON: a repair folder without a usable report shows no notice
  }
}

/** Repairs not yet dismissed, oldest first. */
export async function pendingNotices(layout: LibraryLayout): Promise<LibraryNotice[]> {
  const notices: LibraryNotice[] = [];
  for (const name of (await readdir(layout.recoveredDir).catch(absentAs([] as string[]))).sort()) {
    const report = await readReport(join(layout.recoveredDir, name, REPORT_FILE));
    if (report && report.dismissedAt === null) notices.push(noticeOf(layout, report));
  }
  return notices;
}

/** Marks a repair's notice as seen; false when there is no such notice. */
export async function dismissNotice(layout: LibraryLayout, storage: Storage, id: string, now: Date): Promise<boolean> {
  if (!/^[0-9A-Za-z-]{1,60}$/.test(id)) return false;
  const file = join(layout.recoveredDir, id, REPORT_FILE);
  const report = await readReport(file);
  if (!report) return false;
  if (report.dismissedAt === null) await storage.writeDurably(file, JSON.stringify({ ...report, dismissedAt: now.toISOString() }, null, 1));
  return true;
}

/**
 * Writes the report of files moved out of article folders (paths relative to the data folder, as
 * they will be kept under the returned folder), before they are moved, so the reader is told even
 * if the move is cut short.
 */
export async function reportSetAside(layout: LibraryLayout, storage: Storage, now: Date, paths: string[]): Promise<string> {
  const id = `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  const dir = join(layout.recoveredDir, id);
  await storage.fs.mkdir(dir, { recursive: true });
  await storage.syncDirectory(layout.recoveredDir);
  const report: RepairReport = { id, createdAt: now.toISOString(), files: [], recoveredArticles: 0, finished: true, setAside: paths, dismissedAt: null };
  await storage.writeDurably(join(dir, REPORT_FILE), JSON.stringify(report, null, 1));
  return dir;
}

/** What a repair means for the reader, in sentences. */
export function noticeOf(layout: LibraryLayout, report: RepairReport): LibraryNotice {
  const lines: string[] = [];
  const when = (iso: string) => iso.replace('T', ' ').slice(0, 16) + ' UTC';
  for (const file of report.files) {
    const restored = !file.restoredFrom
      ? 'no backup had an intact copy of it'
      : file.backupPredates
        ? `the backup of ${when(file.restoredFrom)} was taken before it existed, so it was removed`
        : `restored from the backup of ${when(file.restoredFrom)}`;
    lines.push(`${file.path} was ${file.kind === 'index-folder' ? 'missing' : 'damaged'} (${file.reason}); ${restored}.`);
    if (file.kind === 'state-shard' || file.kind === 'index-folder') {
      lines.push(
        file.restoredFrom
          ? `Bookmarks, reading positions, read or archived marks, tags, highlights and notes changed since ${when(file.restoredFrom)} for the articles it covers are lost.`
          : 'The bookmarks, reading positions, read or archived marks, tags, highlights and notes it held are lost.',
      );
    } else if (file.kind === 'tags') {
      lines.push(
        file.restoredFrom
          ? `Tags renamed, merged or deleted since ${when(file.restoredFrom)} are as they were then; tags added since were taken back from the articles.`
          : 'Tags were taken back from the articles, by the names they last had there; renames since then are lost.',
      );
    } else if (file.kind === 'feed-list') {
      lines.push(file.restoredFrom ? `Feeds subscribed, changed or removed since ${when(file.restoredFrom)} are as they were then.` : 'The feed subscriptions are lost; their articles are still in the library.');
    } else if (file.kind === 'feed-state') {
      lines.push('That feed is refreshed afresh; items it had already saved are recognised by their address.');
    } else if (file.kind === 'settings') {
      lines.push(file.restoredFrom ? `Settings changed since ${when(file.restoredFrom)} are lost.` : 'Settings are back to their defaults.');
    }
  }
  if (report.setAside?.length) {
    const count = report.setAside.length;
    lines.push(`${count} ${count === 1 ? 'file' : 'files'} that an article folder may not hold (only the article's record, body, text, page and stored images belong there) ${count === 1 ? 'was' : 'were'} moved out, and will never be shown or served: ${report.setAside.join(', ')}.`);
  }
  const indexFile = report.files.some((f) => f.kind === 'shard' || f.kind === 'legacy-db' || f.kind === 'index-folder');
  if (report.recoveredArticles === null) {
    lines.push(
      indexFile
        ? 'The repair was interrupted and finished when the library next opened; articles missing from the index were put back from their folders.'
        : 'The repair was interrupted and finished when the library next opened.',
    );
  } else if (report.recoveredArticles > 0) {
    const n = report.recoveredArticles;
    lines.push(`${n} ${n === 1 ? 'article was' : 'articles were'} put back into the library from ${n === 1 ? 'its folder' : 'their folders'}.`);
  } else if (indexFile && report.unindexedFolders === 0) {
    // Counted, not assumed: every article folder on disk is listed again, and a repair removes none.
    lines.push('No articles were lost.');
  }
  if (report.unindexedFolders) {
    lines.push(`${report.unindexedFolders} article ${report.unindexedFolders === 1 ? 'folder is' : 'folders are'} on disk but could not be put back; they are kept as they are.`);
  }
  if (report.rebuiltBodies) {
    const n = report.rebuiltBodies;
    lines.push(`${n} ${n === 1 ? 'article had lost its body; it was' : 'articles had lost their bodies; they were'} rebuilt from the stored text.`);
  }
  return { id: report.id, createdAt: report.createdAt, lines, keptIn: join(layout.recoveredDir, report.id) };
}
