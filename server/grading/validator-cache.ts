// The validated documents of the copies being graded on this node, each tagged with the seq it
// includes (LRU, bounded by count and by idleness). Keeping them makes validation O(update)
// instead of O(doc) (~0.04 ms instead of 1–6 ms for a 10–200-annotation copy). Joins never use
// them: a join is served from stored bytes. An entry whose batch did not commit is evicted.
// A validator holds a whole Y.Doc (~40 KB for a 10-annotation copy): the copy's last socket on
// this node leaving (DocStore.closedHere) drops it at once, and one left idle for `idleMs` (a
// grader who pauses longer pays one rebuild, 1–6 ms, at the next stroke) goes too, so the cache
// holds the copies being graded now, not the last 256 copies ever opened (docs/operations.md,
// "Soak"). The copies of a batch in flight are pinned: a validator evicted meanwhile (another
// commit lane filling the cache, or the copy's close) leaves the cache at once but is destroyed
// only when its batch is done with it.
import type { CopyValidator } from "./copy-validator.ts";

export interface CachedValidator {
  readonly validator: CopyValidator;
  seq: number;
  rowsSinceSnapshot: number;
}

export interface ValidatorCacheOptions {
  readonly maxEntries?: number;
  /** an entry neither read nor written for this long is dropped (default 2 minutes) */
  readonly idleMs?: number;
  readonly now?: () => number;
}

export class ValidatorCache {
  /** Map order is the recency order: the least recently used first */
  readonly #entries = new Map<string, { entry: CachedValidator; usedAt: number }>();
  readonly #maxEntries: number;
  readonly #idleMs: number;
  readonly #now: () => number;
  /** copies of the batches in flight (a copy has one lane, a lane one batch in flight: at most one holds it) */
  readonly #pinned = new Set<string>();
  /** evicted while pinned: destroyed at the last unpin */
  readonly #doomed = new Map<string, CopyValidator[]>();

  constructor(o: ValidatorCacheOptions = {}) {
    this.#maxEntries = o.maxEntries ?? 256;
    this.#idleMs = o.idleMs ?? 2 * 60_000;
    this.#now = o.now ?? Date.now;
  }

  get(copyId: string): CachedValidator | undefined {
    const now = this.#now();
    this.#expire(now);
    const hit = this.#entries.get(copyId);
    if (hit) {
      this.#entries.delete(copyId);
      this.#entries.set(copyId, { entry: hit.entry, usedAt: now });
    }
    return hit?.entry;
  }

  set(copyId: string, entry: CachedValidator): void {
    const now = this.#now();
    const old = this.#entries.get(copyId)?.entry;
    if (old && old.validator !== entry.validator) this.#destroy(copyId, old.validator);
    this.#entries.delete(copyId);
    this.#entries.set(copyId, { entry, usedAt: now });
    this.#expire(now);
    for (const id of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.evict(id);
    }
  }

  evict(copyId: string): void {
    const validator = this.#entries.get(copyId)?.entry.validator;
    this.#entries.delete(copyId);
    if (validator) this.#destroy(copyId, validator);
  }

  /** Marks the copies in use by a batch in flight. */
  pin(copyIds: readonly string[]): void {
    for (const id of copyIds) this.#pinned.add(id);
  }

  /** The batch is done with them: what was evicted meanwhile is destroyed now. */
  unpin(copyIds: readonly string[]): void {
    for (const id of copyIds) {
      this.#pinned.delete(id);
      for (const v of this.#doomed.get(id) ?? []) v.destroy();
      this.#doomed.delete(id);
    }
  }

  #destroy(copyId: string, validator: CopyValidator): void {
    if (!this.#pinned.has(copyId)) return validator.destroy();
    this.#doomed.set(copyId, [...(this.#doomed.get(copyId) ?? []), validator]);
  }

  clear(): void {
    for (const id of [...this.#entries.keys()]) this.evict(id);
  }

  get size(): number {
    return this.#entries.size;
  }

  #expire(now: number): void {
    for (const [id, e] of this.#entries) {
      if (now - e.usedAt < this.#idleMs) break;
      this.evict(id);
    }
  }
}
