/**
 * Runs work for one key after the work queued before it for that key (failures do not block
 * the queue). In one process it is a named lock; the embedded store's coordination is this.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.tails.set(key, next);
    try {
      return await next;
    } finally {
      if (this.tails.get(key) === next) this.tails.delete(key);
    }
  }

  /** True while work for `key` runs or waits. */
  isBusy(key: string): boolean {
    return this.tails.has(key);
  }
}
