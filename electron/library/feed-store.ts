import { readdir } from 'node:fs/promises';
import { Low } from 'lowdb';
import { damagedFile, refuseNewer, wrongShape } from './damage';
import { feedStateId, type LibraryLayout } from './layout';
import { commitTo } from './reading-state';
import {
  emptyFeedState,
  FEEDS_FORMAT,
  type FeedListFile,
  feedListFileSchema,
  type FeedStateFile,
  feedStateFileSchema,
  type FeedSubscriptionRecord,
} from './schema';
import { DurableJsonFile, type Storage } from './storage';
import { absentAs } from '../log';

/**
 * The feed store room (issue 14): subscriptions in `feeds/subscriptions.json`, and each feed's
 * fetch state (ETag, Last-Modified, redirects, Retry-After), health, schedule and the items it has
 * seen in its own `feeds/<id>.feed.json`, so a refresh writes only its own feed's file. Both are
 * lowdb files written durably; a damaged one is a DamagedFileError, repaired from a rolling backup
 * when the library opens (repair.ts). What a refresh does is the feeds module's (electron/feeds/);
 * this room only keeps it.
 */
export class FeedStore {
  private readonly states = new Map<string, Low<FeedStateFile>>();

  private constructor(
    private readonly layout: LibraryLayout,
    private readonly storage: Storage,
    private readonly list: Low<FeedListFile>,
  ) {}

  static async open(layout: LibraryLayout, storage: Storage): Promise<FeedStore> {
    const listFile = layout.feedListFile;
    const raw = await readRaw(listFile, storage);
    const list = new Low<FeedListFile>(new DurableJsonFile<FeedListFile>(listFile, storage), { schemaVersion: FEEDS_FORMAT, feeds: [] });
    if (raw !== null) {
      const parsed = feedListFileSchema.safeParse(raw);
      if (!parsed.success) throw wrongShape(listFile);
      list.data = parsed.data;
    }
    const store = new FeedStore(layout, storage, list);
    const names = new Set(await readdir(layout.feedsDir).catch(absentAs([] as string[])));
    for (const feed of list.data.feeds) {
      const file = layout.feedStateFile(feed.id);
      const db = new Low<FeedStateFile>(new DurableJsonFile<FeedStateFile>(file, storage), emptyFeedState(feed.id));
      // A subscription whose state file was never written (or was rightly absent from a backup) starts afresh.
      if (names.has(file.slice(layout.feedsDir.length + 1))) {
        const state = await readRaw(file, storage);
        if (state !== null) {
          const parsed = feedStateFileSchema.safeParse(state);
          if (!parsed.success || parsed.data.feedId !== feed.id) throw wrongShape(file);
          db.data = parsed.data;
        }
      }
      store.states.set(feed.id, db);
    }
    return store;
  }

  subscriptions(): FeedSubscriptionRecord[] {
    return this.list.data.feeds.map((f) => ({ ...f, settings: { ...f.settings } }));
  }

  subscription(id: string): FeedSubscriptionRecord | undefined {
    return this.list.data.feeds.find((f) => f.id === id);
  }

  /** A copy of one feed's state (the caller changes it and hands it back to `writeState`). */
  state(id: string): FeedStateFile | undefined {
    const db = this.states.get(id);
    return db ? structuredClone(db.data) : undefined;
  }

  /** Read-only access to a feed's state without copying (for lists over every feed). */
  peekState(id: string): Readonly<FeedStateFile> | undefined {
    return this.states.get(id)?.data;
  }

  /** Adds a subscription and writes its first state: the state first, so a listed feed always has one. */
  async add(subscription: FeedSubscriptionRecord, state: FeedStateFile): Promise<void> {
    const db = new Low<FeedStateFile>(new DurableJsonFile<FeedStateFile>(this.layout.feedStateFile(subscription.id), this.storage), emptyFeedState(subscription.id));
    await this.storage.makeDirectory(this.layout.feedsDir);
    await commitTo(db, () => state);
    await commitTo(this.list, (data) => ({ ...data, feeds: [...data.feeds, subscription] }));
    this.states.set(subscription.id, db);
  }

  async update(id: string, change: (subscription: FeedSubscriptionRecord) => FeedSubscriptionRecord): Promise<FeedSubscriptionRecord> {
    const current = this.subscription(id);
    if (!current) throw new Error(`no feed ${id}`);
    const next = change({ ...current, settings: { ...current.settings } });
    await commitTo(this.list, (data) => ({ ...data, feeds: data.feeds.map((f) => (f.id === id ? next : f)) }));
    return next;
  }

  /** Removes a subscription, then its state file (a state file left by a crash between the two is removed at the next open). */
  async remove(id: string): Promise<void> {
    await commitTo(this.list, (data) => ({ ...data, feeds: data.feeds.filter((f) => f.id !== id) }));
    this.states.delete(id);
    await this.storage.fs.rm(this.layout.feedStateFile(id), { force: true });
    await this.storage.syncDirectory(this.layout.feedsDir).catch(() => undefined); // the state file is gone from the list already; its entry is only tidied
  }

  async writeState(id: string, state: FeedStateFile): Promise<void> {
    const db = this.states.get(id);
    if (!db) throw new Error(`no feed ${id}`);
    await commitTo(db, () => state);
  }

  /** State files of feeds no longer subscribed (a remove a crash cut short): removed. */
  async removeOrphans(): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.layout.feedsDir).catch(absentAs([] as string[]))) {
      const id = feedStateId(name);
      if (id === null || this.states.has(id)) continue;
      await this.storage.fs.rm(this.layout.feedStateFile(id), { force: true });
      removed++;
    }
    return removed;
  }
}

async function readRaw(file: string, storage: Storage): Promise<unknown> {
  try {
    const raw = await new DurableJsonFile<unknown>(file, storage).read();
    if (raw !== null) refuseNewer(raw, FEEDS_FORMAT);
    return raw;
  } catch (error) {
    throw damagedFile(file, error);
  }
}
