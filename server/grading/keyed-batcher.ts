// Many callers asking for keyed reads at once, served by few queries: asks made while one load is
// in flight wait and go together in the next one, and callers of one key in a batch share its
// answer (the group commit's shape, for reads). A caller never shares a load that started before
// it asked, so whatever it did before asking (e.g. join a room) happened before its read.
interface Waiter<V> {
  resolve(v: V): void;
  reject(e: unknown): void;
}

export class KeyedBatcher<K, V> {
  #pending = new Map<K, Waiter<V>[]>();
  #running: Promise<void> | null = null;

  readonly #maxBatch: number;
  readonly #gatherMs: number;

  constructor(
    /** loads every key of a batch; a key missing from the answer rejects its callers */
    private readonly load: (keys: K[]) => Promise<ReadonlyMap<K, V>>,
    opts: {
      readonly maxBatch?: number;
      /**
       * How long the first ask of a batch waits for others (0: the asks of its I/O turn). For work no
       * one waits on, whose asks come spread over a moment: the graces a classroom's dropped sockets
       * started end over tens of milliseconds on a loaded node, one I/O turn each.
       */
      readonly gatherMs?: number;
    } = {},
  ) {
    this.#maxBatch = opts.maxBatch ?? 256;
    this.#gatherMs = opts.gatherMs ?? 0;
  }

  get(key: K): Promise<V> {
    return new Promise((resolve, reject) => {
      const waiters = this.#pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.#pending.set(key, [{ resolve, reject }]);
      this.#running ??= this.#drain();
    });
  }

  async #drain(): Promise<void> {
    // the asks of this I/O turn (or of the gathering window) go in the first batch
    await new Promise((r) => (this.#gatherMs > 0 ? setTimeout(r, this.#gatherMs) : setImmediate(r)));
    try {
      while (this.#pending.size > 0) {
        const batch = new Map([...this.#pending].slice(0, this.#maxBatch));
        for (const key of batch.keys()) this.#pending.delete(key);
        await this.#run(batch);
      }
    } finally {
      this.#running = null;
    }
  }

  async #run(batch: ReadonlyMap<K, Waiter<V>[]>): Promise<void> {
    let values: ReadonlyMap<K, V>;
    try {
      values = await this.load([...batch.keys()]);
    } catch (e) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(e);
      return;
    }
    for (const [key, waiters] of batch) {
      const v = values.get(key);
      for (const w of waiters) v === undefined ? w.reject(new Error("no answer for a batched key")) : w.resolve(v);
    }
  }
}
