import type { ArticleSummary, LibraryEvents } from '../../shared/types';
import type { ArticleRecord } from './schema';

/** A committed change, for what keeps derived data up to date (the search index). */
export type LibraryChange = { type: 'put'; record: ArticleRecord; bodyText: string } | { type: 'delete'; id: string };
export type LibraryListener = (change: LibraryChange) => Promise<void> | void;
export type EventListener<E extends keyof LibraryEvents> = (event: LibraryEvents[E]) => void;

/**
 * Change events: derived-data listeners are awaited in order after each committed change (their
 * failures never undo it, and are logged); the contract's events (articles changed, settings,
 * notices) are told to subscribers as they happen, for the renderer to update what it shows.
 */
export class LibraryChanges {
  private readonly listeners = new Set<LibraryListener>();
  private readonly subscribers = new Map<keyof LibraryEvents, Set<(event: never) => void>>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  onChange(listener: LibraryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribe<E extends keyof LibraryEvents>(name: E, listener: EventListener<E>): () => void {
    let set = this.subscribers.get(name);
    if (!set) this.subscribers.set(name, (set = new Set()));
    set.add(listener as (event: never) => void);
    return () => set.delete(listener as (event: never) => void);
  }

  async committed(change: LibraryChange): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(change);
      } catch (error) {
        // Derived data only: the search index reconciles itself with the library when it next opens.
        this.onListenerError(error);
      }
    }
  }

  emit<E extends keyof LibraryEvents>(name: E, event: LibraryEvents[E]): void {
    for (const listener of this.subscribers.get(name) ?? []) {
      try {
        (listener as EventListener<E>)(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** An article was added, replaced or updated, or its state changed: its new summary. */
  articlesChanged(change: { added?: string[]; updated?: ArticleSummary[]; removed?: string[] }): void {
    this.emit('libraryChanged', { added: change.added ?? [], updated: change.updated ?? [], removed: change.removed ?? [] });
  }
}
