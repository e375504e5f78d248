// Joins read their copy's stored state through here: one statement for every copy asked while
// the previous one ran (keyed-batcher.ts), so a join storm of 1,000 sockets costs a few queries
// instead of 1,000. A read never shares a query that started before it was asked: the caller
// joined the copy's room first, so every update committed after the query reaches it as a
// broadcast, and nothing falls between the two.
import type pg from "pg";
import type { DocStateCache } from "./doc-state-cache.ts";
import { loadStates, type LoadedState } from "./doc-state-loader.ts";
import { KeyedBatcher } from "./keyed-batcher.ts";

export class StateReader {
  readonly #batcher: KeyedBatcher<string, LoadedState>;

  constructor(pool: pg.Pool, cache: DocStateCache) {
    this.#batcher = new KeyedBatcher((copyIds) => loadStates(pool, copyIds, cache));
  }

  read(copyId: string): Promise<LoadedState> {
    return this.#batcher.get(copyId);
  }
}
