import { byTagName, cleanTagName, MAX_TAGS_PER_ARTICLE, tagKey } from '../../shared/annotations';
import { OffprintError } from '../../shared/errors';
import type { TagSummary } from '../../shared/types';
import type { ArticleIndex } from './article-index';
import type { ReadingState } from './reading-state';
import type { TagTable } from './tag-table';

/**
 * Tags on articles: which articles carry which tag (kept in memory from the state files, through
 * the tag table's ids), and the changes: an article's tags set, added or removed (a new name goes
 * into the tag table first, then the article's state file takes its id), a tag renamed, merged or
 * deleted (one write of the tag table). A tag no article carries is not listed, and is dropped
 * from the table after the next open. Callers serialise changes.
 */
export class Tags {
  /** Live tag id → the articles carrying it. */
  private readonly members = new Map<string, Set<string>>();
  /** Article id → its live tag ids, as resolved through the table. */
  private readonly resolved = new Map<string, string[]>();

  constructor(
    readonly table: TagTable,
    private readonly state: ReadingState,
    private readonly index: ArticleIndex,
  ) {}

  /** Builds who carries what from the state files (at open, and after a merge or a delete). */
  rebuild(): void {
    this.members.clear();
    this.resolved.clear();
    for (const [id] of this.state.tagEntries()) this.refresh(id);
  }

  /** After an article's tags (or its presence in the index) changed. Returns the tag ids whose members changed. */
  refresh(id: string): string[] {
    const before = this.resolved.get(id) ?? [];
    const after = this.index.has(id) ? this.resolve(this.state.tagIdsOf(id)) : [];
    for (const tag of before) this.members.get(tag)?.delete(id);
    for (const tag of after) {
      let set = this.members.get(tag);
      if (!set) this.members.set(tag, (set = new Set()));
      set.add(id);
    }
    if (after.length) this.resolved.set(id, after);
    else this.resolved.delete(id);
    return [...new Set([...before, ...after])].filter((tag) => before.includes(tag) !== after.includes(tag));
  }

  /** An article's tag names, in name order. */
  namesOf(id: string): string[] {
    const ids = this.resolved.get(id);
    if (!ids) return [];
    return ids.map((tag) => this.table.name(tag)!).sort(byTagName);
  }

  /** The live tag with this name, if any article carries it. */
  idOf(name: string): string | undefined {
    const id = this.table.idOf(name);
    return id !== undefined && this.count(id) > 0 ? id : undefined;
  }

  membersOf(tag: string): ReadonlySet<string> {
    return this.members.get(tag) ?? EMPTY;
  }

  has(id: string, tag: string): boolean {
    return this.members.get(tag)?.has(id) ?? false;
  }

  count(tag: string): number {
    return this.members.get(tag)?.size ?? 0;
  }

  /** Every tag some article carries, in name order. */
  list(): TagSummary[] {
    const out: TagSummary[] = [];
    for (const id of this.table.liveIds()) {
      const count = this.count(id);
      if (count > 0) out.push({ name: this.table.name(id)!, count, createdAt: this.table.createdAt(id)! });
    }
    return out.sort((a, b) => byTagName(a.name, b.name));
  }

  summaryOf(tag: string): TagSummary {
    return { name: this.table.name(tag)!, count: this.count(tag), createdAt: this.table.createdAt(tag)! };
  }

  // Changes (each durable before it returns).

  /** Gives an article exactly these tags (names cleaned; repeats, compared case-insensitively, once). */
  async set(id: string, names: string[], now: string): Promise<void> {
    const wanted = distinct(names.map(requireName));
    if (wanted.length > MAX_TAGS_PER_ARTICLE) throw new OffprintError('invalid-argument', `An article can have at most ${MAX_TAGS_PER_ARTICLE} tags.`);
    // Kept as the article has them (a tag added as "read later" to one already "Read later" is that tag).
    const ids = await this.table.ensure(wanted, now);
    const current = this.state.tagIdsOf(id);
    if (ids.length === current.length && ids.every((tag, i) => this.table.resolve(current[i]!) === tag)) return;
    await this.state.setTagIds(id, ids, new Map(ids.map((tag) => [tag, this.table.name(tag)!])));
  }

  async add(id: string, names: string[], now: string): Promise<void> {
    await this.set(id, [...this.namesOf(id), ...names], now);
  }

  async remove(id: string, names: string[], now: string): Promise<void> {
    const gone = new Set(names.map((n) => tagKey(requireName(n))));
    await this.set(id, this.namesOf(id).filter((n) => !gone.has(tagKey(n))), now);
  }

  /**
   * Renames a tag across the library (its case too). A name another tag already has is refused:
   * that is a merge. Returns the articles whose tags now read differently.
   */
  async rename(name: string, newName: string): Promise<{ tag: string; articles: string[] }> {
    const tag = this.require(name);
    const clean = requireName(newName);
    const other = this.table.idOf(clean);
    if (other !== undefined && other !== tag) {
      if (this.count(other) > 0) throw new OffprintError('invalid-argument', `There is already a tag called "${this.table.name(other)}": merge the two instead.`);
      await this.table.retire([other], null); // an unused tag of that name (left by a stopped change) makes way
    }
    await this.table.rename(tag, clean);
    return { tag, articles: [...this.membersOf(tag)] };
  }

  /** Merges tags into one (an existing tag, or a new name); every article that had any of them has it. */
  async merge(names: string[], into: string, now: string): Promise<{ tag: string; articles: string[] }> {
    const sources = distinct(names.map((n) => this.table.name(this.require(n))!)).map((n) => this.table.idOf(n)!);
    const intoName = requireName(into);
    const existing = this.table.idOf(intoName);
    const articles = [...new Set(sources.flatMap((tag) => [...this.membersOf(tag)]))];
    const target = await this.table.retire(sources, existing !== undefined ? { id: existing } : { name: intoName, now });
    this.rebuild();
    return { tag: target ?? existing!, articles };
  }

  /** Deletes a tag from every article that has it (the articles stay). */
  async delete(name: string): Promise<{ name: string; articles: string[] }> {
    const tag = this.require(name);
    const label = this.table.name(tag)!;
    const articles = [...this.membersOf(tag)];
    await this.table.retire([tag], null);
    this.rebuild();
    return { name: label, articles };
  }

  /**
   * After open (as a writer): takes into the table tag ids the state files name that it does not
   * know (it was restored from an older backup), and drops tags no article carries.
   */
  async settle(now: string): Promise<void> {
    if (this.table.adoptUnknown(this.state.tagHints(), now)) this.rebuild();
    if (this.table.unsaved) await this.table.save();
    // Ids named only by state files of articles not in the index yet (a repair in progress) keep their tags.
    const named = new Set<string>();
    for (const [, ids] of this.state.tagEntries()) for (const tag of ids) named.add(this.table.resolve(tag) ?? '');
    await this.table.removeUnused(this.table.liveIds().filter((tag) => this.count(tag) === 0 && !named.has(tag)));
  }

  private resolve(ids: readonly string[]): string[] {
    const out: string[] = [];
    for (const id of ids) {
      const live = this.table.resolve(id);
      if (live !== null && !out.includes(live)) out.push(live);
    }
    return out;
  }

  private require(name: string): string {
    const clean = cleanTagName(name);
    const tag = clean === null ? undefined : this.idOf(clean);
    if (tag === undefined) throw new OffprintError('not-found', `There is no tag called "${name.trim().slice(0, 100)}".`);
    return tag;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function requireName(name: string): string {
  const clean = cleanTagName(name);
  if (clean === null) throw new OffprintError('invalid-argument', `"${name.slice(0, 100)}" cannot be a tag: a tag is 1 to 100 characters, without line breaks or control characters.`);
  return clean;
}

/** Names without repeats (compared case-insensitively, NFC), the first spelling kept. */
function distinct(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = tagKey(n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
