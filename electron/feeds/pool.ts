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
    await this.acquire(host.toLowerCase());
    try {
      return await task();
    } finally {
      this.release(host.toLowerCase());
    }
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
