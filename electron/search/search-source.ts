/** An article as the search index reads it from the library: the fields it indexes and its stored text. */
export interface SourceArticle {
  record: { id: string; title: string; siteName: string | null; byline: string | null };
  bodyText: string;
}

/**
 * Where the search index reads the library from. The index is a cache of what this gives, so it
 * never needs to know how or where the library keeps its articles.
 */
export interface SearchSource {
  /** The id of every article in the library now. */
  ids(): Promise<Iterable<string>>;
  /** These articles, in any order; an id no longer in the library is left out. */
  articles(ids: readonly string[]): AsyncIterable<SourceArticle>;
}

/** A call the search worker makes on the source held by the thread that started it. */
export type SourceCall = { method: 'ids' } | { method: 'articles'; ids: string[] } | { method: 'next'; cursor: number } | { method: 'close'; cursor: number };

/** One page of articles sent across: bounded, so a rebuild never queues the whole library in a message. */
export interface SourcePage {
  articles: SourceArticle[];
  done: boolean;
}

const PAGE_ARTICLES = 64;
/** Characters of text per page (UTF-16 units), so pages of long articles stay a few megabytes. */
const PAGE_TEXT = 1 << 21;

/**
 * Answers a worker's source calls from `source`: the ids at once, articles a page at a time as the
 * worker asks for them (it pulls, so no more than a page is ever in flight).
 */
export function serveSource(source: SearchSource): { answer(call: SourceCall): Promise<unknown>; closeAll(): void } {
  const open = new Map<number, AsyncIterator<SourceArticle>>();
  let nextCursor = 1;
  return {
    async answer(call) {
      switch (call.method) {
        case 'ids':
          return [...(await source.ids())];
        case 'articles': {
          const cursor = nextCursor++;
          open.set(cursor, source.articles(call.ids)[Symbol.asyncIterator]());
          return cursor;
        }
        case 'next': {
          const iterator = open.get(call.cursor);
          if (!iterator) return { articles: [], done: true } satisfies SourcePage;
          const articles: SourceArticle[] = [];
          let text = 0;
          while (articles.length < PAGE_ARTICLES && text < PAGE_TEXT) {
            const step = await iterator.next();
            if (step.done) {
              open.delete(call.cursor);
              return { articles, done: true } satisfies SourcePage;
            }
            articles.push(step.value);
            text += step.value.bodyText.length;
          }
          return { articles, done: false } satisfies SourcePage;
        }
        case 'close':
          await open.get(call.cursor)?.return?.();
          open.delete(call.cursor);
          return null;
      }
    },
    closeAll() {
      for (const iterator of open.values()) void iterator.return?.();
      open.clear();
    },
  };
}

/** The source as seen from the worker: each method a call to the thread that holds the real one. */
export function remoteSource(call: (call: SourceCall) => Promise<unknown>): SearchSource {
  return {
    async ids() {
      return (await call({ method: 'ids' })) as string[];
    },
    async *articles(ids) {
      const cursor = (await call({ method: 'articles', ids: [...ids] })) as number;
      let done = false;
      try {
        while (!done) {
          const page = (await call({ method: 'next', cursor })) as SourcePage;
          done = page.done;
          yield* page.articles;
        }
      } finally {
        if (!done) await call({ method: 'close', cursor });
      }
    },
  };
}
