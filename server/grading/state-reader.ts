// Joins read their copy's stored state through here: reads asked while one query is in flight
// wait and go together in the next one (one statement for many copies, like the group commit),
// and the readers of one copy in the same batch share its answer. A join storm of 1,000 sockets
// then costs a few queries instead of 1,000. A read never shares a query that started before it
// was asked: the caller joined the copy's room first, so every update committed after the query
// reaches it as a broadcast, and nothing falls between the two.
import type pg from "pg";
import type { DocStateCache } from "./doc-state-cache.ts";
import { loadStates, type LoadedState } from "./doc-state-loader.ts";

interface Waiter {
  resolve(s: LoadedState): void;
  reject(e: unknown): void;
}

export class StateReader {
  #pending = new Map<string, Waiter[]>();
  #running: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly cache: DocStateCache,
    private readonly maxBatch = 256,
  ) {}

  read(copyId: string): Promise<LoadedState> {
    return new Promise((resolve, reject) => {
      const waiters = this.#pending.get(copyId);
      if (waiters) waiters.push({ resolve, reject });
      else this.#pending.set(copyId, [{ resolve, reject }]);
      this.#running ??= this.#drain();
    });
  }

  async #drain(): Promise<void> {
    await new Promise((r) => setImmediate(r)); // the joins of this I/O turn go in the first batch
    try {
      while (this.#pending.size > 0) {
        const batch = new Map([...this.#pending].slice(0, this.maxBatch));
        for (const copyId of batch.keys()) this.#pending.delete(copyId);
        await this.#load(batch);
      }
    } finally {
      this.#running = null;
    }
  }

  async #load(batch: ReadonlyMap<string, Waiter[]>): Promise<void> {
    try {
      const states = await loadStates(this.pool, [...batch.keys()], this.cache);
      for (const [copyId, waiters] of batch) for (const w of waiters) w.resolve(states.get(copyId)!);
    } catch (e) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(e);
    }
  }
}
