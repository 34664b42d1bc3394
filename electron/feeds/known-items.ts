import type { Library } from '../library/library';

/**
 * Every item every feed has saved, by key and by normalised link, so a story that appears in two
 * feeds is one article. Keys are matched across feeds only when they are meant to be unique
 * everywhere (a URL, URN or tag: URI, as guids and Atom ids should be); a bare "1234" guid means
 * something only within its own feed.
 */
export class KnownItems {
  private readonly byKey = new Map<string, string>();
  private readonly byLink = new Map<string, string>();

  static fromLibrary(library: Library): KnownItems {
    const known = new KnownItems();
    for (const sub of library.feedSubscriptions()) {
      for (const item of library.peekFeedState(sub.id)?.items ?? []) {
        if (item.status === 'saved' && item.articleId) known.add(item.key, item.link, item.articleId);
      }
    }
    return known;
  }

  find(key: string, link: string | null): string | undefined {
    return (globallyUnique(key) ? this.byKey.get(key) : undefined) ?? (link ? this.byLink.get(link) : undefined);
  }

  add(key: string, link: string | null, articleId: string): void {
    if (globallyUnique(key)) this.byKey.set(key, articleId);
    if (link) this.byLink.set(link, articleId);
  }
}

function globallyUnique(key: string): boolean {
  return /^(https?:\/\/|urn:|tag:)/i.test(key) || (key.includes(':') && key.length >= 12 && !key.startsWith('text:'));
}
