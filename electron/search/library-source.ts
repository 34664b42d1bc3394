import { openArticleReader } from '../library/article-reader';
import type { SearchSource, SourceArticle } from './search-source';

/** The library of `dataDir` as a search source: its articles through the library's own bulk reader. */
export function librarySearchSource(dataDir: string): SearchSource {
  const reader = openArticleReader(dataDir);
  return {
    ids: () => reader.ids(),
    async *articles(ids) {
      for await (const { record, bodyText } of reader.articles([...ids])) {
        const { id, title, siteName, byline } = record;
        yield { record: { id, title, siteName, byline }, bodyText } satisfies SourceArticle;
      }
    },
  };
}
