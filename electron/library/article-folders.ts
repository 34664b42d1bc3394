import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTICLE_FILES, isImageFileName, type LibraryLayout, parseArticleFolderName } from './layout';
import { escapeHtml, guessRecord, htmlToPlainText } from './recovered-record';
import { type ArticleRecord, articleRecordSchema } from './schema';
import { codeOf, type Storage, UncertainWriteError } from './storage';
import { absentAs } from '../log';

/** The files an article is made of, written into its folder when it is added. */
export interface ArticleFiles {
  /** Sanitised article HTML. */
  bodyHtml: string;
  /** The article as plain text, paragraphs separated by blank lines. */
  bodyText: string;
  /** The page exactly as fetched or given, for re-extraction later. */
  rawPage: Uint8Array | null;
  /** Stored images by file name (written to images/). */
  images?: Map<string, Uint8Array>;
}

/** A folder moved into place, not yet final: `done` drops the copy it replaced, `undo` puts everything back. */
export interface PlacedFolder {
  done(): Promise<void>;
  undo(): Promise<void>;
}

/**
 * Article folders, `articles/<id>/`: the only code that reads or writes an article's files (its
 * record, body, text, raw page and images). Folders are written once, under a staging name, and
 * moved into place in one durable rename; a delete is decided by renaming the folder out of the way.
 */
export class ArticleFolders {
  constructor(
    private readonly layout: LibraryLayout,
    private readonly storage: Storage,
  ) {}

  /**
   * Writes an article's folder under a staging name and moves it into place, keeping a replaced
   * copy aside until the index is committed. Each file is written and fsynced in the staging
   * folder, the folder is fsynced, then one rename puts it in place and `articles/` is fsynced:
   * the rename is what makes the folder appear, whole.
   */
  async place(record: ArticleRecord, files: ArticleFiles, replacing: boolean): Promise<PlacedFolder> {
    const { fs } = this.storage;
    const id = record.id;
    const staging = this.layout.stagingDir(id, random());
    const finalDir = this.layout.articleDir(id);
    const replacedDir = replacing ? this.layout.markedDir(id, 'replaced', random()) : null;
    let replacedMoved = false;
    let inPlace = false;
    try {
      for (const [name] of files.images ?? []) if (!isImageFileName(name)) throw new Error(`unexpected image file name ${name.slice(0, 80)}`);
      // Not recursive: articles/ exists, and a recursive mkdir turns a full disk into a misleading ENOENT.
      await fs.mkdir(staging);
      await this.storage.writeSynced(join(staging, ARTICLE_FILES.bodyHtml), files.bodyHtml);
      await this.storage.writeSynced(join(staging, ARTICLE_FILES.bodyText), files.bodyText);
      await this.storage.writeSynced(join(staging, ARTICLE_FILES.record), JSON.stringify(record));
      if (files.rawPage) await this.storage.writeSynced(join(staging, ARTICLE_FILES.rawPage), files.rawPage);
      await fs.mkdir(join(staging, ARTICLE_FILES.images));
      for (const [name, bytes] of files.images ?? []) await this.storage.writeSynced(join(staging, ARTICLE_FILES.images, name), bytes);
      await this.storage.syncDirectory(join(staging, ARTICLE_FILES.images));
      await this.storage.syncDirectory(staging);
      if (replacedDir) {
        await fs.rename(finalDir, replacedDir);
        replacedMoved = true;
      }
      await fs.rename(staging, finalDir);
      inPlace = true;
      await this.storage.syncDirectory(this.layout.articlesDir);
    } catch (error) {
      if (inPlace) {
        // The folder is in place but its rename may not be durable: take it back, or the next open
        // would find a whole article folder and keep a save that failed.
        const doomed = this.layout.markedDir(id, 'discarded', random());
        try {
          await fs.rename(finalDir, doomed);
        } catch (undoError) {
          throw await this.storage.failure('The article could not be written to the library folder', new UncertainWriteError(finalDir, undoError));
        }
        await fs.rm(doomed, { recursive: true, force: true }).catch(() => undefined); // a discarded folder is removed at the next open
      } else {
        await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined); // removed at the next open if this fails
      }
      if (replacedMoved) await fs.rename(replacedDir!, finalDir).catch(() => undefined); // settled by the index at the next open
      throw await this.storage.failure('The article could not be written to the library folder', error);
    }
    return {
      done: async () => {
        if (replacedDir) await fs.rm(replacedDir, { recursive: true, force: true });
      },
      undo: async () => {
        // Out of the way under a discard mark first: a folder half removed is never taken for an article.
        const doomed = this.layout.markedDir(id, 'discarded', random());
        const movedAway = await fs.rename(finalDir, doomed).then(
          () => true,
          () => false,
        );
        // Not moved aside: it must go now (if even that fails, the caller says the save's outcome is unknown).
        if (!movedAway) await fs.rm(finalDir, { recursive: true, force: true });
        if (replacedDir) await fs.rename(replacedDir, finalDir).catch(() => undefined); // settled by the index at the next open
        await fs.rm(doomed, { recursive: true, force: true }).catch(() => undefined); // a discarded folder is removed at the next open
      },
    };
  }

  /**
   * Replaces an article's body and adds images to it. New images first, then the body and text,
   * then the folder's record: a failure part-way leaves the old body pointing only at images that exist.
   */
  async updateBody(record: ArticleRecord, update: { bodyHtml: string; bodyText: string; images: Map<string, Uint8Array> }): Promise<void> {
    const id = record.id;
    try {
      await this.storage.makeDirectory(join(this.layout.articleDir(id), ARTICLE_FILES.images));
      for (const [name, bytes] of update.images) {
        if (!isImageFileName(name)) throw new Error(`unexpected image file name ${name.slice(0, 80)}`);
        await this.storage.writeDurably(this.layout.imageFile(id, name), bytes);
      }
      await this.storage.writeDurably(this.layout.articleFile(id, 'bodyHtml'), update.bodyHtml);
      await this.storage.writeDurably(this.layout.articleFile(id, 'bodyText'), update.bodyText);
      await this.writeRecord(record);
    } catch (error) {
      throw await this.storage.failure('The article could not be updated', error);
    }
  }

  /** The folder's own copy of its index record. */
  async writeRecord(record: ArticleRecord): Promise<void> {
    await this.storage.writeDurably(this.layout.articleFile(record.id, 'record'), JSON.stringify(record));
  }

  /**
   * The first step of a delete: the folder is renamed to `<id>.deleted-<random>`, durably, so a
   * folder found later without an index entry is never mistaken for an article to put back (the
   * next open renames it back while the index still lists the article). Returns the marked
   * folder, or null when the article had no folder.
   */
  async markDeleted(id: string): Promise<string | null> {
    return this.moveAside(id, this.layout.articleDir(id), this.layout.markedDir(id, 'deleted', random()));
  }

  /** Puts a marked folder back (its delete did not happen). */
  async unmark(id: string, marked: string): Promise<void> {
    await this.storage.fs.rename(marked, this.layout.articleDir(id));
  }

  /**
   * On a full disk: decides the delete, durably (`<id>.purge-<random>`: the next open finishes it
   * whatever happens next). Fails, with the folder still marked deleted, when it cannot.
   */
  async markPurged(id: string, marked: string): Promise<string> {
    const purged = this.layout.markedDir(id, 'purged', random());
    await this.moveAside(id, marked, purged);
    return purged;
  }

  /** Removes a decided delete's files, keeping the (empty) marked folder: room to write the index on a full disk. */
  async empty(purged: string): Promise<void> {
    for (const name of await this.storage.fs.readdir(purged)) await this.storage.fs.rm(join(purged, name), { recursive: true, force: true });
  }

  async removeMarked(marked: string): Promise<void> {
    await this.storage.fs.rm(marked, { recursive: true, force: true });
  }

  private async moveAside(id: string, from: string, to: string): Promise<string | null> {
    try {
      await this.storage.fs.rename(from, to);
    } catch (error) {
      // A folder already missing is nothing to keep; anything else (a file held open elsewhere) stops the delete.
      if (codeOf(error) === 'ENOENT') return null;
      throw await this.storage.failure('The article could not be deleted', error);
    }
    try {
      await this.storage.syncDirectory(this.layout.articlesDir);
    } catch (error) {
      await this.storage.fs.rename(to, from).catch(() => undefined); // the next open settles a marked folder
      throw await this.storage.failure(`The article ${id} could not be deleted`, error);
    }
    return to;
  }

  /** Bytes an article's folder takes (its files and images), 0 when it is gone. */
  async sizeOf(id: string): Promise<number> {
    const dir = this.layout.articleDir(id);
    let total = 0;
    for (const name of await readdir(dir).catch(absentAs([] as string[]))) {
      const info = await stat(join(dir, name)).catch(absentAs(null));
      if (info?.isFile()) total += info.size;
      else if (info?.isDirectory()) for (const image of await readdir(join(dir, name)).catch(absentAs([] as string[]))) total += (await stat(join(dir, name, image)).catch(absentAs(null)))?.size ?? 0;
    }
    return total;
  }

  async readBody(id: string): Promise<string> {
    return readFile(this.layout.articleFile(id, 'bodyHtml'), 'utf8');
  }

  /** The page as it was fetched or given (raw.html), or null when the article has none (issue 16: re-extraction). */
  async readRawPage(id: string): Promise<Uint8Array | null> {
    const bytes = await readFile(this.layout.articleFile(id, 'rawPage')).catch(absentAs(null));
    return bytes ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
  }

  async readText(id: string): Promise<string> {
    return readFile(this.layout.articleFile(id, 'bodyText'), 'utf8');
  }

  /**
   * The same, read synchronously: for a page of search results, twenty small reads from the page
   * cache cost less than a millisecond this way, and ten times that through the thread pool.
   */
  readTextSync(id: string): string {
    return readFileSync(this.layout.articleFile(id, 'bodyText'), 'utf8');
  }

  /**
   * The index record of the article in `articles/<name>/`: its record.json (written with every
   * save and update, so the newest), or, for a folder without one, worked out from its files.
   * Null when the folder holds no article at all (no text, body, record or raw page) or the name is
   * not an article id. `strict` (the clean-up at every open) accepts only a folder whose save
   * finished writing its record.
   */
  async folderRecord(name: string, options: { strict?: boolean } = {}): Promise<ArticleRecord | null> {
    const folder = parseArticleFolderName(name);
    if (folder.kind !== 'article') return null;
    const dir = this.layout.articleDir(name);
    const stored = await readStoredRecord(join(dir, ARTICLE_FILES.record));
    if (stored?.id === name) return stored;
    if (options.strict) return null;
    const [body, text, raw] = await Promise.all(
      (['bodyHtml', 'bodyText', 'rawPage'] as const).map((file) => stat(this.layout.articleFile(name, file)).catch(absentAs(null))),
    );
    const found = [body, text, raw].find((s) => s?.isFile());
    return found ? guessRecord(dir, name, found.mtime) : null;
  }

  /** The records of article folders the index does not list, oldest saved first. */
  async recordsFromFolders(known: (id: string) => boolean): Promise<ArticleRecord[]> {
    const records: ArticleRecord[] = [];
    for (const name of await readdir(this.layout.articlesDir).catch(absentAs([] as string[]))) {
      if (known(name)) continue;
      const record = await this.folderRecord(name);
      if (record) records.push(record);
    }
    return sortBySavedAt(records);
  }

  /**
   * Gives an article whose folder lost its `body.html` a body again, from its text (paragraph by
   * paragraph, as text, never as markup). Returns false when the folder has a body already.
   */
  async rebuildMissingBody(id: string): Promise<boolean> {
    if (await stat(this.layout.articleFile(id, 'bodyHtml')).then((s) => s.isFile(), () => false)) return false;
    let text = await this.readText(id).catch(absentAs(null));
    if (text === null) {
      text = await readFile(this.layout.articleFile(id, 'rawPage'), 'utf8').then(htmlToPlainText, () => '');
      await this.storage.writeDurably(this.layout.articleFile(id, 'bodyText'), text);
    }
    const html = text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => `<p>${escapeHtml(p)}</p>`)
      .join('\n');
    await this.storage.writeDurably(this.layout.articleFile(id, 'bodyHtml'), html || '<p></p>');
    return true;
  }
}

function random(): string {
  return randomBytes(4).toString('hex');
}

/** Oldest saved first. */
export function sortBySavedAt(records: ArticleRecord[]): ArticleRecord[] {
  return records.sort((a, b) => (a.savedAt < b.savedAt ? -1 : a.savedAt > b.savedAt ? 1 : 0));
}

async function readStoredRecord(file: string): Promise<ArticleRecord | null> {
  const text = await readFile(file, 'utf8').catch(absentAs(null));
  if (text === null) return null;
  try {
    return articleRecordSchema.safeParse(JSON.parse(text)).data ?? null;
  } catch {
    return null; // not JSON: the record is worked out from the other files
  }
}
