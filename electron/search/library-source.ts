import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArticleIndex } from '../library/article-index';
import type { SearchSource, SourceArticle } from './search-source';

/**
 * The library of `dataDir` as a search source, read with the library's own article index (its
 * shard reader, record schema and checks) and each article's stored text, keeping nothing in
 * memory between calls. A stand-in until the library offers a reader of its own: the two folder
 * names below are the only thing the search side still knows of its layout.
 */
export function librarySearchSource(dataDir: string): SearchSource {
  const indexDir = join(dataDir, 'index');
  const bodyText = (id: string) => join(dataDir, 'articles', id, 'body.txt');
  const openIndex = async () => {
    const names = await readdir(indexDir).catch(() => [] as string[]);
    // Opening removes the temporary files of unfinished writes; a reader must leave them alone, as
    // the library may be writing one right now.
    return ArticleIndex.open(
      indexDir,
      names.filter((n) => !n.endsWith('.tmp')),
    );
  };
  return {
    async ids() {
      const index = await openIndex();
      return index.shards.flatMap((shard) => shard.ids);
    },
    async *articles(ids) {
      let index = await openIndex();
      let pending = [...new Set(ids)];
      for (let attempt = 0; pending.length > 0; attempt++) {
        const byShard = new Map<(typeof index.shards)[number], string[]>();
        const missing: string[] = [];
        for (const id of pending) {
          const slot = index.slot(id);
          if (!slot) continue;
          const list = byShard.get(slot.shard);
          if (list) list.push(id);
          else byShard.set(slot.shard, [id]);
        }
        for (const [shard, wanted] of byShard) {
          let records;
          try {
            // One read of the whole shard rather than a read per record.
            if (wanted.length > 1) index.load(shard);
            records = wanted.map((id) => index.get(id)!);
          } catch (error) {
            // The shard changed since its header was read (the library wrote it): read it again
            // once. A shard still unreadable is damaged, and fails the read as it did before.
            if (attempt > 0) throw error;
            missing.push(...wanted);
            continue;
          }
          const texts = await Promise.all(
            records.map((record) =>
              // A missing text (a damaged folder the library will report) still indexes the title.
              readFile(bodyText(record.id), 'utf8').catch(() => ''),
            ),
          );
          for (let i = 0; i < records.length; i++) {
            const { id, title, siteName, byline } = records[i]!;
            yield { record: { id, title, siteName, byline }, bodyText: texts[i]! } satisfies SourceArticle;
          }
        }
        pending = missing;
        if (pending.length > 0) index = await openIndex();
      }
    },
  };
}
