import { mkdir, opendir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isTransientWrite, unexpectedEntries } from './article-folder-files';
import type { LibraryLayout } from './layout';
import { reportSetAside } from './repair-notices';
import type { Storage } from './storage';

export interface FolderCheckOptions {
  layout: LibraryLayout;
  storage: Storage;
  now: () => Date;
  /** True for a folder name the index lists as an article (leftovers of stopped saves are removeLeftovers' job). */
  isArticle: (name: string) => boolean;
  /** True once the library is closing: the check stops at the next folder. */
  stopped: () => boolean;
  /** Runs a task in the library's write queue, so no save or delete changes a folder while files are moved out of it. */
  serialize: <T>(task: () => Promise<T>) => Promise<T>;
}

/**
 * Looks through every article folder after open for files the folder may not hold (a planted
 * `note.html` or `run.js`, a link, a folder where a file belongs: see article-folder-files.ts) and
 * moves them into `recovered/<time>/articles/<id>/…`, with a report the app shows as a notice, so
 * they are never shown or served. Reading is done outside the write queue; each folder with
 * something to move is looked at again inside it. Returns the paths moved, relative to the data folder.
 */
export async function setAsideUnexpectedFiles(options: FolderCheckOptions): Promise<string[]> {
  // A durable write's temporary file is not planted; it is only ever read by the write that made it.
  // A folder that cannot be listed (removed or replaced meanwhile) has nothing to move.
  const strangers = async (folder: string) => (await unexpectedEntries(folder).catch(() => [] as string[])).filter((path) => !isTransientWrite(path));
  const { layout, storage } = options;
  const articlesDir = layout.articlesDir;
  const suspects: string[] = [];
  for await (const entry of await opendir(articlesDir, { bufferSize: 256 })) {
    if (options.stopped()) return [];
    if (!entry.isDirectory() || !options.isArticle(entry.name)) continue;
    // Looked at again in the queue before anything is moved.
    const found = await strangers(join(articlesDir, entry.name));
    if (found.length) suspects.push(entry.name);
  }
  if (suspects.length === 0 || options.stopped()) return [];
  return options.serialize(async () => {
    const moving: string[] = [];
    for (const id of suspects) {
      if (!options.isArticle(id)) continue;
      const found = await strangers(join(articlesDir, id));
      moving.push(...found.map((path) => `articles/${id}/${path}`));
    }
    if (moving.length === 0) return [];
    const keptIn = await reportSetAside(layout, storage, options.now(), moving);
    for (const path of moving) {
      const from = join(layout.dataDir, ...path.split('/'));
      const to = join(keptIn, ...path.split('/'));
      await mkdir(dirname(to), { recursive: true });
      await storage.fs.rename(from, to);
      await storage.syncDirectory(dirname(from));
    }
    return moving;
  });
}
