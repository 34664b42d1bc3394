import { readdir, readFile } from 'node:fs/promises';
import { ArticleIndex } from './article-index';
import { LibraryLayout } from './layout';
import type { ArticleRecord } from './schema';
import { Storage } from './storage';
import { absentAs } from '../log';

/** Articles read for derived data (the search index): each record with its stored text. */
export interface ArticleReader {
  /** Every article id in the index, in list order. */
  ids(): Promise<string[]>;
  /** The records and texts of `ids` (unknown ids are skipped), a shard at a time. */
  articles(ids: string[]): AsyncIterable<{ record: ArticleRecord; bodyText: string }>;
}

/**
 * A reader of a data directory's articles that keeps nothing in memory between calls (the open
 * library keeps every record it has read, which for an index rebuild would be all 50,000): each call
 * opens the index from its shard headers afresh, read-only and following a writer's replacements,
 * and reads whole shards once. This is how code outside the library reads articles in bulk, so the
 * layout and the shard format stay the library's own.
 */
export function openArticleReader(dataDir: string): ArticleReader {
  const layout = new LibraryLayout(dataDir);
  const storage = new Storage(dataDir);
  const openIndex = async () => ArticleIndex.open(layout, storage, await readdir(layout.indexDir).catch(absentAs([] as string[])), { followsWriter: true });
  return {
    async ids() {
      return (await openIndex()).shards.flatMap((shard) => shard.ids);
    },
    async *articles(ids) {
      const index = await openIndex();
      const byShard = new Map<(typeof index.shards)[number], string[]>();
      for (const id of new Set(ids)) {
        const slot = index.slot(id);
        if (!slot) continue;
        const list = byShard.get(slot.shard);
        if (list) list.push(id);
        else byShard.set(slot.shard, [id]);
      }
      for (const [shard, wanted] of byShard) {
        // One read of the whole shard; one the writer replaced meanwhile is read as it is now.
        index.load(shard);
        const records = wanted.map((id) => index.get(id)).filter((r): r is ArticleRecord => r !== undefined);
        // A missing text (a damaged folder the library reports) still indexes the title.
        const texts = await Promise.all(records.map((r) => readFile(layout.articleFile(r.id, 'bodyText'), 'utf8').catch(() => '')));
        for (let i = 0; i < records.length; i++) yield { record: records[i]!, bodyText: texts[i]! };
        shard.records = [];
        shard.lines = null;
      }
    },
  };
}
