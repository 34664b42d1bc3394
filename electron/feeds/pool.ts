/**
 * Politeness: at most `perHost` requests to one host at a time, and `total` in all, for every
 * feed fetch and item page of every refresh. Waiters are served in order.
 */
export class HostPool {
  private running = 0;
  private readonly perHostRunning = new Map<string, number>();
  private readonly waiting: { host: string; start: () => void }[] = [];

  constructor(
    readonly perHost = 2,
    readonly total = 6,
  ) {}

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const release = await this.slot(host);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /** Waits for a slot for `host`; the function returned gives it back (once, however often it is called). */
  async slot(host: string): Promise<() => void> {
    const key = host.toLowerCase();
    await this.acquire(key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(key);
    };
  }

  /** How many are running now (for tests). */
  get active(): number {
    return this.running;
  }

  private acquire(host: string): Promise<void> {
    if (this.canStart(host)) {
      this.start(host);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ host, start: resolve }));
  }

  private canStart(host: string): boolean {
    return this.running < this.total && (this.perHostRunning.get(host) ?? 0) < this.perHost;
  }

  private start(host: string): void {
    this.running++;
    this.perHostRunning.set(host, (this.perHostRunning.get(host) ?? 0) + 1);
  }

  private release(host: string): void {
    this.running--;
    const left = (this.perHostRunning.get(host) ?? 1) - 1;
    if (left === 0) this.perHostRunning.delete(host);
    else this.perHostRunning.set(host, left);
    for (let i = 0; i < this.waiting.length && this.running < this.total; ) {
      const next = this.waiting[i]!;
      if (!this.canStart(next.host)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.start(next.host);
      next.start();
    }
  }
}

/** Statuses whose responses have no body (a Response with one of them cannot be given one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A fetch whose every request holds a slot of `pool` for its host from the moment it is sent until
 * its body has been read, cancelled or has failed: feeds, their items' pages and every image of
 * those pages all count against the same 2 per host and 6 in all.
 */
export function pooledFetch(pool: HostPool, fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const release = await pool.slot(new URL(url).host);
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      release();
      throw error;
    }
    if (!response.body || NULL_BODY.has(response.status)) {
      release();
      return response;
    }
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            release();
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          release();
          controller.error(error);
        }
      },
      cancel(reason) {
        release();
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }) as typeof globalThis.fetch;
}
