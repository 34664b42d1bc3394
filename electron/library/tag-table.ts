import { readFileSync } from 'node:fs';
import { Low } from 'lowdb';
import { tagKey } from '../../shared/annotations';
import { damagedFile, refuseNewer, wrongShape } from './damage';
import type { LibraryLayout } from './layout';
import { commitTo } from './reading-state';
import { emptyTagTable, TAGS_FORMAT, type TagTable as TagTableFile, tagTableSchema } from './schema';
import { codeOf, DurableJsonFile, type Storage } from './storage';

/**
 * The tag table, `index/tags.json` (lowdb): every tag's id, name and creation time, and the ids
 * retired by a merge or a delete. Articles carry ids, never names, so a rename, a merge and a
 * delete are each one durable write of this file: the moment it is renamed into place is the
 * moment the change happened, across the whole library, and a kill -9 either side of it leaves
 * the library wholly before or wholly after. Callers serialise changes.
 */
export class TagTable {
  private readonly db: Low<TagTableFile>;
  private readonly idByKey = new Map<string, string>();
  /** True while memory holds ids taken in by adoptUnknown that the file does not have yet. */
  unsaved = false;

  constructor(layout: LibraryLayout, storage: Storage, data: TagTableFile) {
    this.db = new Low(new DurableJsonFile<TagTableFile>(layout.tagsFile, storage), data);
    this.reindex();
  }

  /** index/tags.json as read from disk: none yet is an empty table; a damaged one is a DamagedFileError naming it. */
  static readFile(layout: LibraryLayout): TagTableFile {
    const file = layout.tagsFile;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
      refuseNewer(raw, TAGS_FORMAT);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return emptyTagTable();
      throw damagedFile(file, error);
    }
    const parsed = tagTableSchema.safeParse(raw);
    if (!parsed.success) throw wrongShape(file);
    return parsed.data;
  }

  /** The live tag an id stands for now (following merges), or null for a deleted or unknown one. */
  resolve(id: string): string | null {
    let at: string | null | undefined = id;
    // A merge chain is short; the bound only guards against a hand-edited loop.
    for (let hops = 0; at && hops < 64; hops++) {
      if (this.db.data.tags[at]) return at;
      at = this.db.data.retired[at];
    }
    return null;
  }

  /** True when the table has ever known this id (live or retired). */
  knows(id: string): boolean {
    return id in this.db.data.tags || id in this.db.data.retired;
  }

  name(id: string): string | undefined {
    return this.db.data.tags[id]?.name;
  }

  createdAt(id: string): string | undefined {
    return this.db.data.tags[id]?.createdAt;
  }

  /** The live tag with this name (compared case-insensitively, NFC), if any. */
  idOf(name: string): string | undefined {
    return this.idByKey.get(tagKey(name));
  }

  liveIds(): string[] {
    return Object.keys(this.db.data.tags);
  }

  /** The ids of these names, creating the tags that do not exist yet (in one write, only if there are any). */
  async ensure(names: string[], now: string): Promise<string[]> {
    const missing = [...new Map(names.filter((n) => !this.idOf(n)).map((n) => [tagKey(n), n])).values()];
    if (missing.length) {
      await this.commit((data) => {
        const tags = { ...data.tags };
        let next = data.nextId;
        for (const name of missing) tags[tagId(next++)] = { name, createdAt: now };
        return { ...data, nextId: next, tags };
      });
    }
    return names.map((n) => this.idOf(n)!);
  }

  async rename(id: string, name: string): Promise<void> {
    await this.commit((data) => ({ ...data, tags: { ...data.tags, [id]: { ...data.tags[id]!, name } } }));
  }

  /**
   * Retires tags: merged into `into` (created with `intoName` when it does not exist yet) or, with
   * `into` null, deleted. One write. Returns the id they became.
   */
  async retire(ids: string[], into: { id: string } | { name: string; now: string } | null): Promise<string | null> {
    let target: string | null = null;
    await this.commit((data) => {
      const tags = { ...data.tags };
      const retired = { ...data.retired };
      let nextId = data.nextId;
      if (into && 'name' in into) {
        target = tagId(nextId++);
        tags[target] = { name: into.name, createdAt: into.now };
      } else if (into) target = into.id;
      for (const id of ids) {
        if (id === target) continue;
        delete tags[id];
        retired[id] = target;
      }
      return { ...data, nextId, tags, retired };
    });
    return target;
  }

  /**
   * Takes in ids the state files carry that this table does not know (it was restored from a
   * backup older than them, or lost), with the names the state files last wrote for them. One
   * whose name is now another tag's becomes that tag. In memory only; `save` writes it.
   */
  adoptUnknown(hints: Map<string, string>, now: string): boolean {
    const unknown = [...hints].filter(([id]) => !this.knows(id));
    if (!unknown.length) return false;
    const data = structuredClone(this.db.data);
    for (const [id, name] of unknown) {
      const existing = this.idByKey.get(tagKey(name));
      if (existing) data.retired[id] = existing;
      else {
        data.tags[id] = { name, createdAt: now };
        this.idByKey.set(tagKey(name), id);
      }
      const n = /^t([0-9a-z]+)$/.exec(id);
      if (n) data.nextId = Math.max(data.nextId, parseInt(n[1]!, 36) + 1);
    }
    this.db.data = data;
    this.reindex();
    this.unsaved = true;
    return true;
  }

  /** Drops live tags no article carries (left by a change a kill cut short, or by the last removal). */
  async removeUnused(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.commit((data) => {
      const tags = { ...data.tags };
      for (const id of ids) delete tags[id];
      return { ...data, tags };
    });
  }

  /** Writes the table as it is in memory. */
  async save(): Promise<void> {
    await this.commit((data) => data);
  }

  private async commit(change: (data: TagTableFile) => TagTableFile): Promise<void> {
    try {
      await commitTo(this.db, change);
      this.unsaved = false;
    } finally {
      this.reindex();
    }
  }

  private reindex(): void {
    this.idByKey.clear();
    for (const [id, tag] of Object.entries(this.db.data.tags)) this.idByKey.set(tagKey(tag.name), id);
  }
}

/** Tag ids: `t` and a number in base 36, never reused. */
function tagId(n: number): string {
  return `t${n.toString(36)}`;
}
