import type { ArticleView } from '../../shared/api';
import type { ArticleIndex, Shard } from './article-index';
import type { ReadingState, StateAspect } from './reading-state';
import type { Tags } from './tags';

type Excluded = { ids: Set<string>; perShard: Map<Shard, number> };

/**
 * The library's views (all, unread, bookmarked, archived, continue) and paging through them. What
 * a view derives (the set left out of `all`/`unread`, the ordered list of a small view) is kept
 * until a change that can alter it: `articlesChanged` after an add or a delete forgets everything,
 * `stateChanged` only what that part of the state feeds (a bookmark only the bookmarked view; a
 * reading position keeps every list, moving the article to the front of `continue`).
 */
export class Views {
  private readonly excluded = new Map<'all' | 'unread', Excluded>();
  private readonly lists = new Map<string, string[]>();
  /** Bumped per view when its answer may have changed, for callers that cache a view (the search worker). */
  private readonly versions: Record<ArticleView, number> = { all: 0, unread: 0, bookmarked: 0, archived: 0, continue: 0 };
  /** Each tag's articles in list order, kept up to date as articles are tagged and untagged. */
  private readonly tagLists = new Map<string, string[]>();
  private tagVersion = 0;

  constructor(
    private readonly index: ArticleIndex,
    private readonly state: ReadingState,
    private readonly tags: Tags,
  ) {}

  /**
   * A page of a view's articles that carry every tag of `tagIds` (live tag ids), in the view's
   * order. Walks the least used tag's articles (kept in list order), never the whole library.
   */
  tagPage(view: ArticleView, sort: 'newest' | 'oldest', offset: number, limit: number, tagIds: string[]): { ids: string[]; total: number } {
    const [first, ...others] = [...tagIds].sort((a, b) => this.tags.count(a) - this.tags.count(b));
    if (first === undefined) return this.page(view, sort, offset, limit);
    const carries = (id: string) => others.every((tag) => this.tags.has(id, tag));
    if (view !== 'all' && view !== 'unread') {
      const matching = this.smallView(view, sort).filter((id) => this.tags.has(id, first) && carries(id));
      return { ids: this.index.readAhead(matching.slice(offset, offset + limit)), total: matching.length };
    }
    const ordered = this.tagOrdered(first);
    const { ids: excluded } = this.excludedFrom(view);
    const keep = (id: string) => !excluded.has(id) && carries(id);
    const out: string[] = [];
    let seen = 0;
    let total = 0;
    for (let n = 0; n < ordered.length; n++) {
      const id = ordered[sort === 'newest' ? ordered.length - 1 - n : n]!;
      // With one tag the total comes from the counts below, so the walk stops at the page's end.
      if (!others.length && out.length >= limit) break;
      if (!keep(id)) continue;
      total++;
      if (seen++ >= offset && out.length < limit) out.push(id);
    }
    if (!others.length) total = ordered.length - this.countBoth(excluded, this.tags.membersOf(first));
    return { ids: this.index.readAhead(out), total };
  }

  /** A tag-filtered view as a set to keep, with a key that changes whenever the answer may (see `filter`). */
  tagFilter(view: ArticleView, tagIds: string[]): { key: string; mode: 'include'; ids: string[] } {
    const [first, ...others] = [...tagIds].sort((a, b) => this.tags.count(a) - this.tags.count(b));
    const key = `tag.${[...tagIds].sort().join('+')}.${view}:${this.versions[view]}.${this.tagVersion}`;
    if (first === undefined) return { key, mode: 'include', ids: [] };
    const ids = this.tagOrdered(first).filter((id) => this.matches(id, view) && others.every((tag) => this.tags.has(id, tag)));
    return { key, mode: 'include', ids };
  }

  /** After a tag was merged or deleted: every tag's list is worked out again when next needed. */
  tagsChanged(): void {
    this.tagLists.clear();
    this.tagVersion++;
  }

  /** How many ids are in both sets (looking through the smaller). */
  private countBoth(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
    const [small, large] = a.size <= b.size ? [a, b] : [b, a];
    let n = 0;
    for (const id of small) if (large.has(id)) n++;
    return n;
  }

  /** A tag's articles in list order (oldest saved first). */
  private tagOrdered(tag: string): string[] {
    const cached = this.tagLists.get(tag);
    if (cached) return cached;
    const members = this.tags.membersOf(tag);
    let ordered: string[];
    if (members.size * 16 < this.index.size) {
      ordered = [...members].filter((id) => this.index.has(id)).sort((a, b) => this.index.position(a) - this.index.position(b));
    } else {
      ordered = [];
      for (const shard of this.index.shards) for (const id of shard.ids) if (members.has(id)) ordered.push(id);
    }
    this.tagLists.set(tag, ordered);
    return ordered;
  }

  /** An article was tagged or untagged: the lists of the tags it gained or lost are updated in place. */
  private articleTagsChanged(id: string): void {
    this.tagVersion++;
    const position = this.index.position(id);
    for (const [tag, list] of this.tagLists) {
      const carries = this.tags.has(id, tag) && this.index.has(id);
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.index.position(list[mid]!) < position) lo = mid + 1;
        else hi = mid;
      }
      const present = list[lo] === id;
      if (carries && !present) list.splice(lo, 0, id);
      else if (!carries && present) list.splice(lo, 1);
    }
  }

  /** A page of a view, newest (or oldest) saved first; `continue` is most recently read first. Returns ids. */
  page(view: ArticleView, sort: 'newest' | 'oldest', offset: number, limit: number): { ids: string[]; total: number } {
    if (view === 'all' || view === 'unread') {
      // Walk the list order only as far as the page; the total comes from the (small) state maps.
      const { ids: excluded, perShard } = this.excludedFrom(view);
      const ids = this.index.page(sort === 'newest', (id) => !excluded.has(id), offset, limit, (shard) => shard.ids.length - (perShard.get(shard) ?? 0));
      return { ids, total: this.index.size - excluded.size };
    }
    const matching = this.smallView(view, sort);
    return { ids: this.index.readAhead(matching.slice(offset, offset + limit)), total: matching.length };
  }

  /** Whether an article belongs in a view (see ArticleView). */
  matches(id: string, view: ArticleView): boolean {
    const archived = this.state.archivedAt(id) !== undefined;
    const reading = this.state.readingOf(id);
    switch (view) {
      case 'all':
        return !archived;
      case 'unread':
        return !archived && !reading?.readAt;
      case 'bookmarked':
        return this.state.bookmark(id) !== undefined;
      case 'archived':
        return archived;
      case 'continue':
        return !archived && !reading?.readAt && (reading?.progress ?? 0) > 0;
    }
  }

  /**
   * A view as a set to keep (`include`) or to leave out (`exclude`) of everything else, whichever
   * is small, with a key that changes whenever the answer may.
   */
  filter(view: ArticleView): { key: string; mode: 'include' | 'exclude'; ids: string[] } {
    const key = `${view}:${this.versions[view]}`;
    if (view === 'all' || view === 'unread') return { key, mode: 'exclude', ids: [...this.excludedFrom(view).ids] };
    return { key, mode: 'include', ids: [...this.source(view)].filter((id) => this.index.has(id) && this.matches(id, view)) };
  }

  /** After articles were added, replaced or removed. */
  articlesChanged(): void {
    this.excluded.clear();
    this.lists.clear();
    this.tagsChanged();
    for (const view of Object.keys(this.versions) as ArticleView[]) this.versions[view]++;
  }

  /** After one article's state changed. */
  stateChanged(id: string, aspects: StateAspect[]): void {
    for (const aspect of aspects) {
      if (aspect === 'bookmark') this.forget(['bookmarked']);
      else if (aspect === 'archived') this.forget(['all', 'unread', 'archived', 'continue']);
      else if (aspect === 'reading') this.readingChanged(id);
      else if (aspect === 'tags') this.articleTagsChanged(id);
    }
  }

  private readingChanged(id: string): void {
    const unread = this.excluded.get('unread');
    const read = Boolean(this.state.readingOf(id)?.readAt);
    if (unread && unread.ids.has(id) !== (read || this.state.archivedAt(id) !== undefined)) this.forget(['unread']);
    else if (!unread) this.versions.unread++;
    this.versions.continue++;
    const list = this.lists.get('continue:');
    if (!list) return;
    const at = list.indexOf(id);
    if (at >= 0) list.splice(at, 1);
    if (!this.matches(id, 'continue')) return;
    const lastRead = this.state.readingOf(id)?.lastReadAt ?? '';
    const first = list[0] === undefined ? '' : (this.state.readingOf(list[0])?.lastReadAt ?? '');
    // Read just now, the usual case: it goes to the front. Anything else is worked out again.
    if (lastRead >= first) list.unshift(id);
    else this.lists.delete('continue:');
  }

  private forget(views: ArticleView[]): void {
    for (const view of views) {
      this.versions[view]++;
      if (view === 'all' || view === 'unread') this.excluded.delete(view);
      else for (const key of [...this.lists.keys()]) if (key.startsWith(`${view}:`)) this.lists.delete(key);
    }
  }

  private source(view: 'bookmarked' | 'archived' | 'continue'): IterableIterator<string> {
    if (view === 'bookmarked') return this.state.bookmarkedIds();
    if (view === 'archived') return this.state.archivedIds();
    return (function* (entries) {
      for (const [id] of entries) yield id;
    })(this.state.readingEntries());
  }

  /** Ids left out of `all` (archived) or `unread` (archived or read), kept until the state changes. */
  private excludedFrom(view: 'all' | 'unread'): Excluded {
    const cached = this.excluded.get(view);
    if (cached) return cached;
    const ids = new Set<string>();
    for (const id of this.state.archivedIds()) if (this.index.has(id)) ids.add(id);
    if (view === 'unread') for (const [id, entry] of this.state.readingEntries()) if (entry.readAt && this.index.has(id)) ids.add(id);
    const perShard = new Map<Shard, number>();
    for (const id of ids) {
      const shard = this.index.slot(id)!.shard;
      perShard.set(shard, (perShard.get(shard) ?? 0) + 1);
    }
    const excluded = { ids, perShard };
    this.excluded.set(view, excluded);
    return excluded;
  }

  /** The ids of a view drawn from the state, in order; kept until the state or the index changes. */
  private smallView(view: 'bookmarked' | 'archived' | 'continue', sort: 'newest' | 'oldest'): string[] {
    const key = `${view}:${view === 'continue' ? '' : sort}`;
    const cached = this.lists.get(key);
    if (cached) return cached;
    const matching = [...this.source(view)].filter((id) => this.index.has(id) && this.matches(id, view));
    if (view === 'continue') {
      const lastRead = new Map(matching.map((id) => [id, this.state.readingOf(id)?.lastReadAt ?? '']));
      matching.sort((a, b) => byIsoTime(lastRead.get(b)!, lastRead.get(a)!));
    } else {
      const direction = sort === 'newest' ? -1 : 1;
      matching.sort((a, b) => direction * (this.index.position(a) - this.index.position(b)));
    }
    this.lists.set(key, matching);
    return matching;
  }
}

/** Orders ISO 8601 UTC times (plain string order; localeCompare is an order of magnitude slower). */
export function byIsoTime(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
