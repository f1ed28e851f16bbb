// The answers repeated POS requests get: SessionM treats request_id as the idempotency key, so a repeat from the
// same client is answered with the first answer, errors included.
import type { Reply } from './http.ts';

/**
 * Two generations: when the young one is full it becomes the old one, so at least the last `capacity` answers are
 * remembered, in O(1) per request (no scan to find the oldest), and the retained bodies stay few enough not to
 * burden the GC under load.
 */
export class ReplyCache {
  private young = new Map<string, Reply>();
  private old = new Map<string, Reply>();
  constructor(private readonly capacity: number) {}
  get(id: string) {
    return this.young.get(id) ?? this.old.get(id);
  }
  set(id: string, response: Reply) {
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(id, response);
  }
  clear() {
    this.young.clear();
    this.old.clear();
  }
}
