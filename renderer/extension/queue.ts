import type { SaveAnswer, SaveRequest } from '../../shared/extension-protocol';
import { ChannelError } from './channel';

/** Where the queue keeps its saves: chrome.storage.local in the extension, a Map in tests. */
export interface Store {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export interface QueuedSave {
  id: string;
  label: string;
  queuedAt: string;
  request: SaveRequest;
}

export interface Delivery {
  delivered: { label: string; answer: SaveAnswer }[];
  /** Saves Offprint refused (too large, not a page): they would be refused again, so they are dropped, and said. */
  refused: { label: string; message: string }[];
  /** Still waiting: Offprint is not running, or this extension is not paired (yet, or any more). */
  waiting: number;
  /** Why they wait, when they do. */
  reason: string | null;
}

const KEY = 'queue';
/** Why a save waits rather than fails: these end when Offprint runs, or when the extension is paired again. */
const WAIT_CODES = new Set(['unreachable', 'not-paired']);

/**
 * Saves made while Offprint could not take them (issue 16): kept in the extension's storage, oldest
 * first, and delivered in that order when it can. Deliveries never overlap: a second call waits
 * for the first and then tries again.
 */
export class SaveQueue {
  private running: Promise<Delivery> = Promise.resolve({ delivered: [], refused: [], waiting: 0, reason: null });

  constructor(
    private readonly store: Store,
    private readonly send: (request: SaveRequest) => Promise<SaveAnswer>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(): Promise<QueuedSave[]> {
    return (await this.store.get<QueuedSave[]>(KEY)) ?? [];
  }

  async add(request: SaveRequest): Promise<number> {
    const list = await this.list();
    const label = request.kind === 'page' ? request.title || request.url : (request.title ?? request.url);
    list.push({ id: `${this.now().getTime()}-${Math.random().toString(36).slice(2, 8)}`, label, queuedAt: this.now().toISOString(), request });
    await this.store.set(KEY, list);
    return list.length;
  }

  deliver(): Promise<Delivery> {
    this.running = this.running.then(
      () => this.deliverNow(),
      () => this.deliverNow(),
    );
    return this.running;
  }

  private async deliverNow(): Promise<Delivery> {
    const result: Delivery = { delivered: [], refused: [], waiting: 0, reason: null };
    for (const save of await this.list()) {
      try {
        result.delivered.push({ label: save.label, answer: await this.send(save.request) });
      } catch (error) {
        if (error instanceof ChannelError && WAIT_CODES.has(error.code)) {
          result.reason = error.message;
          break;
        }
        result.refused.push({ label: save.label, message: error instanceof Error ? error.message : String(error) });
      }
      // Taken off one at a time, so a delivery cut short (the browser closed the worker) repeats at most one save.
      await this.store.set(KEY, (await this.list()).filter((s) => s.id !== save.id));
    }
    result.waiting = (await this.list()).length;
    return result;
  }
}
