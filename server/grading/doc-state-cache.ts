// A small per-node LRU of each copy's merged state, keyed by copy and tagged with the seq it
// includes: a reader asks the database only for rows after that seq (or for a newer snapshot).
// Entries are never wrong, only old: an entry for seq N holds exactly the rows <= N.

export interface CachedState {
  /** merged Yjs v1 update of every row <= seq (null: nothing stored yet) */
  readonly state: Uint8Array | null;
  readonly seq: number;
  /** rows stored after the last snapshot, to trigger compaction */
  readonly rowsSinceSnapshot: number;
}

export class DocStateCache {
  readonly #entries = new Map<string, CachedState>();
  #bytes = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  get(copyId: string): CachedState | undefined {
    const hit = this.#entries.get(copyId);
    if (hit) {
      this.#entries.delete(copyId); // re-insert: Map order is the recency order
      this.#entries.set(copyId, hit);
    }
    return hit;
  }

  /** Keeps the newer of the cached and the given state (a slow reader must not roll it back). */
  set(copyId: string, entry: CachedState): void {
    const old = this.#entries.get(copyId);
    if (old && old.seq > entry.seq) return;
    if (old) this.#drop(copyId, old);
    const size = entry.state?.length ?? 0;
    if (size > this.maxBytes / 4) return; // one huge doc must not flush everyone else
    this.#entries.set(copyId, entry);
    this.#bytes += size;
    for (const [id, e] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#drop(id, e);
    }
  }

  delete(copyId: string): void {
    const old = this.#entries.get(copyId);
    if (old) this.#drop(copyId, old);
  }

  get size(): number {
    return this.#entries.size;
  }

  #drop(copyId: string, entry: CachedState): void {
    this.#entries.delete(copyId);
    this.#bytes -= entry.state?.length ?? 0;
  }
}
