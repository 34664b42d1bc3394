import type { ApiEvent, ApiEventListener } from '../shared/api';
import type { OffprintEvents, ViewCounts } from '../shared/types';
import type { ExtensionPairings } from './extension/pairing';
import type { Library } from './library/library';
import { log } from './log';

/**
 * The contract's events for one service: the library's forwarded as they are, and those the service
 * raises itself (a save's progress; the notice of files the check after open set aside, which the
 * library does not announce). `sources` is keyed by every event, so an event added to the contract
 * fails to compile here until it has a source.
 */
export function serviceEvents(library: Library, pairings: ExtensionPairings) {
  let lastChange: object | null = null;
  let lastCounts: ViewCounts | null = null;
  const countsFor = (change: object): ViewCounts => {
    if (change !== lastChange || !lastCounts) [lastChange, lastCounts] = [change, countArticles(library)];
    return lastCounts;
  };
  const listeners = new Map<ApiEvent, Set<(payload: never) => void>>();
  const own = <E extends ApiEvent>(event: E, listener: ApiEventListener<E>) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  };
  const both = (...offs: (() => void)[]) => () => offs.forEach((off) => off());
  const sources: { [E in ApiEvent]: (listener: ApiEventListener<E>) => () => void } = {
    saveProgress: (listener) => own('saveProgress', listener),
    // Each change carries the sidebar's counts, worked out once per change for every listener.
    libraryChanged: (listener) => library.subscribe('libraryChanged', (change) => listener({ ...change, counts: countsFor(change) })),
    settingsChanged: (listener) => library.subscribe('settingsChanged', listener),
    noticesChanged: (listener) => both(library.subscribe('noticesChanged', listener), own('noticesChanged', listener)),
    tagsChanged: (listener) => library.subscribe('tagsChanged', listener),
    feedsChanged: (listener) => library.subscribe('feedsChanged', listener),
    extensionsChanged: (listener) => pairings.onChange(() => listener({})),
    importProgress: (listener) => own('importProgress', listener),
  };
  const emit = <E extends ApiEvent>(event: E, payload: OffprintEvents[E]) => {
    for (const listener of listeners.get(event) ?? []) {
      try {
        (listener as ApiEventListener<E>)(payload);
      } catch (error) {
        log.warn(`A listener of ${event} failed`, error);
      }
    }
  };
  library.foldersChecked
    .then(async (moved) => {
      if (moved.length) emit('noticesChanged', { notices: await library.listNotices() });
    })
    .catch((error: unknown) => log.warn('The notice of files set aside after open could not be told', error));
  const subscribe = <E extends ApiEvent>(event: E, listener: ApiEventListener<E>) => (sources[event] as (l: ApiEventListener<E>) => () => void)(listener);
  return { emit, subscribe };
}

/**
 * The sidebar's numbers. The views' totals come from the library's cached views (an unchanged view
 * is not worked out again); Bookmarks counts the articles the Bookmarks view groups its entries under.
 */
export function countArticles(library: Library): ViewCounts {
  const total = (view: 'all' | 'unread' | 'archived') => library.listArticles({ view, limit: 1 }).total;
  const bookmarked = new Set(library.listBookmarks({}).map((entry) => entry.article.id));
  return { all: total('all'), unread: total('unread'), archived: total('archived'), bookmarks: bookmarked.size };
}
