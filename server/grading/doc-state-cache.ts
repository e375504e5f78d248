// A small per-node LRU of each copy's merged state, keyed by copy and tagged with the seq it
// includes: a reader asks the database only for rows after that seq (or for a newer snapshot).
// Entries are never wrong, only old: an entry for seq N holds exactly the rows <= N.
// Bounded by bytes and by idleness: an entry neither read nor written for `idleMs` goes (a copy
// nobody opened for minutes costs one full read when it is opened again), so the cache holds the
// copies of the last minutes instead of filling its 32 MB over hours (docs/operations.md, "Soak").

export interface CachedState {
  /** merged Yjs v1 update of every row <= seq (null: nothing stored yet) */
  readonly state: Uint8Array | null;
  readonly seq: number;
  /** rows stored after the last snapshot, to trigger compaction */
  readonly rowsSinceSnapshot: number;
}

export interface DocStateCacheOptions {
  readonly maxBytes?: number;
  /** an entry neither read nor written for this long is dropped (default 10 minutes) */
  readonly idleMs?: number;
  readonly now?: () => number;
}

export class DocStateCache {
  /** Map order is the recency order: the least recently used first */
  readonly #entries = new Map<string, { state: CachedState; usedAt: number }>();
  #bytes = 0;
  readonly #maxBytes: number;
  readonly #idleMs: number;
  readonly #now: () => number;

  constructor(o: DocStateCacheOptions = {}) {
    this.#maxBytes = o.maxBytes ?? 32 * 1024 * 1024;
    this.#idleMs = o.idleMs ?? 10 * 60_000;
    this.#now = o.now ?? Date.now;
  }

  get(copyId: string): CachedState | undefined {
    const now = this.#now();
    this.#expire(now);
    const hit = this.#entries.get(copyId);
    if (hit) {
      this.#entries.delete(copyId);
      this.#entries.set(copyId, { state: hit.state, usedAt: now });
    }
    return hit?.state;
  }

  /** Keeps the newer of the cached and the given state (a slow reader must not roll it back). */
  set(copyId: string, entry: CachedState): void {
    const old = this.#entries.get(copyId)?.state;
    if (old && old.seq > entry.seq) return;
    if (old) this.#drop(copyId, old);
    const size = entry.state?.length ?? 0;
    if (size > this.#maxBytes / 4) return; // one huge doc must not flush everyone else
    const now = this.#now();
    this.#entries.set(copyId, { state: entry, usedAt: now });
    this.#bytes += size;
    this.#expire(now);
    for (const [id, e] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#drop(id, e.state);
    }
  }

  delete(copyId: string): void {
    const old = this.#entries.get(copyId);
    if (old) this.#drop(copyId, old.state);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** the merged states' bytes held */
  get bytes(): number {
    return this.#bytes;
  }

  #expire(now: number): void {
    for (const [id, e] of this.#entries) {
      if (now - e.usedAt < this.#idleMs) break;
      this.#drop(id, e.state);
    }
  }

  #drop(copyId: string, entry: CachedState): void {
    this.#entries.delete(copyId);
    this.#bytes -= entry.state?.length ?? 0;
  }
}
