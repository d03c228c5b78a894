import { Injectable } from '@nestjs/common';

/**
 * Tells the in-process dispatcher (when there is one) that deliveries were just committed,
 * so the first attempt does not wait for its next poll. Without a listener — delivery in a
 * separate worker — it does nothing and the worker's poll finds them.
 */
@Injectable()
export class DeliveryNotifier {
  private readonly listeners = new Set<() => void>();

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }
}
