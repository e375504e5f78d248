// The copy documents' store: append-only Yjs updates in PostgreSQL with GROUP COMMIT.
// Updates arriving while a transaction is in flight wait and go together in the next one;
// each caller gets its own seq, and only after COMMIT (the client treats the ack as saved).
// A copy's updates go through one lane (one transaction at a time: they commit in the order they
// arrived); a node keeps a couple of lanes so one plans while another waits. Per copy, the
// transaction first locks the Copy row, so appends to one copy commit in seq order on every
// node: "rows <= N" is a stable set, which the cache, the joins and compaction rely on.
// A batch is planned against the validators this node kept from its earlier batches without
// reading the rows back; the insert statement proves no other node stored rows of those copies
// since (optimistic read, commit-statements.ts), else their updates are planned again from the
// stored rows. Steady state: BEGIN, lock (+ dispatches + scale fingerprints), insert, COMMIT.
import pg from "pg";
import type { Logger } from "pino";
import { needsPersist, type CopyDecisions, type ScaleSpec, type UpdateOrigin } from "../../collab/index.ts";
import { logConnectionErrors } from "../db/pg-connection-errors.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { prepareValidators, type ValidatorStores } from "./batch-validators.ts";
import { insertUpdates, lockCopies } from "./commit-statements.ts";
import { compactionThreshold } from "./compaction-threshold.ts";
import { planOnce } from "./lane-plans.ts";
import { corked } from "./corked.ts";
import type { CopyValidator } from "./copy-validator.ts";
import { publishDecisionsChanged } from "./decision-events.ts";
import { writeDecisions } from "./decision-projection.ts";
import type { DocStateCache } from "./doc-state-cache.ts";
import type { LoadedState } from "./doc-state-loader.ts";
import { recordPartsDone } from "./part-done.ts";
import { ScaleCache } from "./scale-cache.ts";
import { StateReader } from "./state-reader.ts";
import { planBatch, type BatchFacts, type BatchItem, type ItemOutcome } from "./update-batch.ts";
import { ValidatorCache } from "./validator-cache.ts";

/** The nil UUID: no copy has it (ids are v4). */
const NO_COPY = "00000000-0000-0000-0000-000000000000";

export interface AppendInput {
  readonly copyId: string;
  readonly update: Uint8Array;
  readonly actor: Actor;
  /** remote (from a socket) or server (made by the server itself) */
  readonly origin: UpdateOrigin;
  /** the writer's session: refused (SESSION_EXPIRED) once it is revoked, even before this node hears of it */
  readonly sessionId?: string;
}

export interface AppendResult {
  readonly seq: number;
  readonly examId: string;
  /** the update changed nothing (a resend): acknowledged, neither stored nor broadcast */
  readonly duplicate: boolean;
  /** it changed a decision (score, item, adjustment, checked): the decisions projection was written with it */
  readonly decided: boolean;
}

interface Prepared {
  readonly facts: BatchFacts;
  /** the seq each copy's validator included when the batch was planned */
  readonly validatedAt: ReadonlyMap<string, number>;
  readonly scales: ReadonlyMap<string, ScaleSpec>;
}

interface Pending extends BatchItem {
  resolve(r: AppendResult): void;
  reject(e: unknown): void;
}

/** One commit in flight: its queue, and the pipelined connection its transactions go through. */
interface Lane {
  readonly queue: Pending[];
  flushing: Promise<void> | null;
  readonly pool: pg.Pool;
}

export interface DocStoreOptions {
  readonly log: Logger;
  readonly maxBatch?: number;
  /**
   * Commits in flight per node (default 2). A copy always goes through the same lane (its updates
   * commit in arrival order); while one lane waits for PostgreSQL another plans and sends its batch.
   */
  readonly lanes?: number;
  /** called once a copy holds about this many rows past its snapshot (default 200; spread per copy over ±25 %: compaction-threshold.ts) */
  readonly compactAfterRows?: number;
  readonly requestCompaction?: (copyId: string) => void;
}

export class DocStore {
  /** each with one pipelined connection (one transaction at a time per lane): BEGIN rides with the lock, COMMIT with the insert */
  readonly #lanes: Lane[];
  readonly #validators = new ValidatorCache();
  readonly #scales = new ScaleCache();
  readonly #reader: StateReader;

  constructor(
    private readonly pool: pg.Pool,
    /** merged bytes per copy, for joins */
    private readonly cache: DocStateCache,
    private readonly opts: DocStoreOptions,
  ) {
    this.#reader = new StateReader(pool, cache);
    const options = (pool as pg.Pool & { options: pg.PoolConfig }).options;
    this.#lanes = Array.from({ length: Math.max(1, opts.lanes ?? 2) }, () => {
      // its client is checked out for a whole batch: a connection dying between two statements must not end the process
      const lanePool = planOnce(logConnectionErrors(new pg.Pool({ ...options, max: 1, pipeline: true }), this.opts.log, "commit lane"), this.opts.log);
      return { queue: [], flushing: null, pool: lanePool };
    });
  }

  /** The copy's lane: fixed by its id, so its updates commit in the order they arrived. */
  #laneOf(copyId: string): Lane {
    if (this.#lanes.length === 1) return this.#lanes[0]!;
    let h = 0;
    for (let i = 0; i < copyId.length; i++) h = (h * 31 + copyId.charCodeAt(i)) | 0;
    return this.#lanes[Math.abs(h) % this.#lanes.length]!;
  }

  get #stores(): ValidatorStores {
    return { validators: this.#validators, states: this.cache };
  }

  append(input: AppendInput): Promise<AppendResult> {
    if (!needsPersist(input.origin)) throw new Error("an update relayed from another node is stored already");
    return new Promise((resolve, reject) => {
      const lane = this.#laneOf(input.copyId);
      lane.queue.push({ ...input, resolve, reject });
      lane.flushing ??= this.#drain(lane);
    });
  }

  /** The copy's current state (for a join): merged bytes, no Y.Doc; concurrent joins share one query. */
  read(copyId: string): Promise<LoadedState> {
    return this.#reader.read(copyId);
  }

  /**
   * Nobody on this node has the copy open any more (its room emptied): its validated document goes
   * now instead of after its idle delay (a batch still using it destroys it when done). An update
   * that comes later rebuilds it from the stored rows.
   */
  closedHere(copyId: string): void {
    this.#validators.evict(copyId);
  }

  /** How many copies' validated documents this node keeps (korrigo_validated_documents). */
  get validatedCount(): number {
    return this.#validators.size;
  }

  /** Resolves once every queued update is committed or refused (shutdown). */
  async flush(): Promise<void> {
    for (const lane of this.#lanes) while (lane.flushing) await lane.flushing;
  }

  async #drain(lane: Lane): Promise<void> {
    await new Promise((r) => setImmediate(r)); // let the packets of this I/O turn join the first batch
    try {
      while (lane.queue.length > 0) {
        const batch = lane.queue.splice(0, this.opts.maxBatch ?? 512);
        const copyIds = [...new Set(batch.map((p) => p.copyId))];
        this.#validators.pin(copyIds); // another lane filling the cache must not destroy them under this batch
        try {
          await this.#commit(lane, batch);
        } finally {
          this.#validators.unpin(copyIds);
        }
      }
    } finally {
      lane.flushing = null;
    }
  }

  async #commit(lane: Lane, batch: Pending[]): Promise<void> {
    let outcomes: ItemOutcome[];
    let seqs: Map<number, number>;
    let facts: BatchFacts;
    let deferred = new Set<number>();
    let client: pg.PoolClient | undefined;
    try {
      client = await lane.pool.connect();
      // pipelined: BEGIN and the lock statement go in one round trip, and in one write
      const [begun, facts0] = corked(client, () => [client!.query("BEGIN"), this.#facts(client!, batch)] as const);
      begun.catch(() => {}); // its failure fails the lock statement too
      const prepared = await facts0;
      await begun;
      facts = prepared.facts;
      outcomes = planBatch(batch, facts);
      if (!outcomes.some((o) => o.ok && !o.duplicate && o.scored)) {
        // strokes only (the bulk): the insert and COMMIT in one round trip; a copy another node wrote
        // meanwhile keeps its updates out of this transaction and they go again in the next batch
        const [inserting, committing] = corked(
          client,
          () =>
            [
              insertUpdates(client!, batch, outcomes, prepared.validatedAt),
              client!.query("COMMIT"), // after a failed insert PostgreSQL answers ROLLBACK
            ] as const,
        );
        committing.catch(() => {});
        const inserted = await inserting;
        if ((await committing).command !== "COMMIT") throw new Error("the transaction did not commit");
        seqs = inserted.seqs;
        deferred = this.#deferStale(lane, batch, inserted.stale);
      } else {
        const inserted = await insertUpdates(client, batch, outcomes, prepared.validatedAt);
        seqs = inserted.seqs;
        if (inserted.stale.size > 0) await this.#replanStale(client, batch, inserted.stale, prepared, outcomes, seqs);
        const decided = decidedAfter(batch, outcomes, seqs, facts);
        await writeDecisions(client, new Map([...decided].map(([id, d]) => [id, d.decisions]))); // same transaction: the projection never disagrees with the rows
        await recordPartsDone(client, decided); // same transaction: flag and rows commit together
        await publishDecisionsChanged(client, decided); // live per-item statistics (on commit)
        await client.query("COMMIT"); // ack after commit: the client treats the ack as saved
      }
      client.release();
    } catch (e) {
      if (client) {
        await client.query("ROLLBACK").catch(() => {});
        client.release(true); // the connection may be the culprit: do not reuse it
      }
      for (const p of batch) this.#validators.evict(p.copyId); // they may hold what was not committed
      this.opts.log.error({ err: e, updates: batch.length }, "group commit failed");
      const err = new AppError("UNAVAILABLE", "The update could not be saved; send it again");
      for (const p of batch) p.reject(err);
      return;
    }
    this.#settle(batch, outcomes, seqs, facts, deferred);
  }

  /** The updates of stale copies go back to the head of the queue (in order), their validators rebuilt from the rows next time. */
  #deferStale(lane: Lane, batch: readonly Pending[], stale: ReadonlySet<string>): Set<number> {
    if (stale.size === 0) return new Set();
    for (const copyId of stale) this.#validators.evict(copyId); // it holds updates that were not stored
    const idx = batch.map((_, i) => i).filter((i) => stale.has(batch[i]!.copyId));
    lane.queue.unshift(...idx.map((i) => batch[i]!));
    return new Set(idx);
  }

  async #facts(client: pg.PoolClient, batch: readonly Pending[]): Promise<Prepared> {
    const copyIds = [...new Set(batch.map((p) => p.copyId))].sort(); // one lock order: no deadlock between nodes
    // one round trip: the rows locked, the writers' dispatches and the scales' fingerprints (group commit's fixed cost per batch)
    const writers = [...new Set(batch.map((p) => p.actor.id))];
    const sessions = [...new Set(batch.flatMap((p) => (p.sessionId === undefined ? [] : [p.sessionId])))];
    const { copies, assignments, liveSessions } = await lockCopies(client, copyIds, writers, sessions);
    const scales = await this.#scales.scales(client, [...copies.values()]);
    const { validators, validatedAt } = await prepareValidators(client, copies, scales, this.#stores, true);
    return { facts: { copies, assignments, liveSessions, validators }, validatedAt, scales };
  }

  /**
   * Another node stored rows of these copies since their validators' seq (the insert left their
   * updates out): rebuild their validators from the stored rows and plan and insert their updates
   * again. The copies are still locked, so this second look is the last word. Updates `outcomes`,
   * `seqs` and the facts' validators in place.
   */
  async #replanStale(
    client: pg.PoolClient,
    batch: readonly Pending[],
    stale: ReadonlySet<string>,
    prepared: Prepared,
    outcomes: ItemOutcome[],
    seqs: Map<number, number>,
  ): Promise<void> {
    for (const copyId of stale) this.#validators.evict(copyId); // it may hold this batch's updates
    const copies = new Map([...stale].map((id) => [id, prepared.facts.copies.get(id)!]));
    const fresh = await prepareValidators(client, copies, prepared.scales, this.#stores);
    for (const [id, v] of fresh.validators) (prepared.facts.validators as Map<string, CopyValidator | Error>).set(id, v);
    const idx = batch.map((_, i) => i).filter((i) => stale.has(batch[i]!.copyId));
    const items = idx.map((i) => batch[i]!);
    const again = planBatch(items, prepared.facts);
    idx.forEach((i, k) => (outcomes[i] = again[k]!));
    const inserted = await insertUpdates(client, items, again, fresh.validatedAt);
    if (inserted.stale.size > 0) throw new Error("rows appeared on a locked copy"); // cannot happen: the copies are locked
    for (const [k, seq] of inserted.seqs) seqs.set(idx[k]!, seq);
  }

  #settle(batch: Pending[], outcomes: ItemOutcome[], seqs: Map<number, number>, facts: BatchFacts, deferred: ReadonlySet<number>): void {
    for (const [i, seq] of seqs) {
      const entry = this.#validators.get(batch[i]!.copyId);
      if (!entry) continue;
      entry.seq = Math.max(entry.seq, seq);
      entry.rowsSinceSnapshot++;
    }
    for (const copyId of new Set([...seqs.keys()].map((i) => batch[i]!.copyId))) this.#maybeCompact(copyId);
    batch.forEach((p, i) => {
      if (deferred.has(i)) return; // queued again: settled by a later batch
      const outcome = outcomes[i]!;
      if (!outcome.ok) return p.reject(outcome.error);
      const examId = facts.copies.get(p.copyId)!.examId;
      const seq = seqs.get(i) ?? this.#validators.get(p.copyId)?.seq ?? 0;
      p.resolve({ seq, examId, duplicate: outcome.duplicate, decided: !outcome.duplicate && outcome.scored === true });
    });
  }

  #maybeCompact(copyId: string): void {
    const entry = this.#validators.get(copyId);
    if (!entry || !this.opts.requestCompaction || entry.rowsSinceSnapshot < compactionThreshold(copyId, this.opts.compactAfterRows ?? 200)) return;
    entry.rowsSinceSnapshot = 0; // counted again from here: asked once per N rows
    this.opts.requestCompaction(copyId);
  }

  /**
   * Opens each lane's connection and prepares its two statements (planned once, generic) before the
   * first batch: a node's first strokes otherwise waited for the connection, its authentication and
   * both plans (server/start.ts runs it before the node listens). Locks and inserts nothing.
   */
  async warmUp(): Promise<void> {
    await Promise.all(
      this.#lanes.map(async (lane) => {
        const client = await lane.pool.connect();
        try {
          await lockCopies(client, [], [], []);
          await insertUpdates(client, [], [], new Map([[NO_COPY, 0]])); // checks a copy that cannot exist
        } finally {
          client.release();
        }
      }),
    );
  }

  /** Frees the cached documents and closes the commit connection (shutdown, after flush). */
  async end(): Promise<void> {
    this.#validators.clear();
    this.#scales.clear();
    await Promise.all(this.#lanes.map((l) => l.pool.end()));
  }
}

interface Decided {
  examId: string;
  decisions: CopyDecisions;
  /** questions graded (with a mark) */
  scored: string[];
  /** the copy's own questions */
  questions: string[];
}

/** For the copies whose decisions a stored update of this batch changed (strokes only: nothing to do). */
function decidedAfter(
  batch: readonly BatchItem[],
  outcomes: readonly ItemOutcome[],
  seqs: ReadonlyMap<number, number>,
  facts: BatchFacts,
): Map<string, Decided> {
  const out = new Map<string, Decided>();
  for (const i of seqs.keys()) {
    const outcome = outcomes[i]!;
    if (!outcome.ok || !outcome.scored) continue;
    const copyId = batch[i]!.copyId;
    const v = facts.validators.get(copyId);
    const copy = facts.copies.get(copyId);
    if (out.has(copyId) || !copy || !v || v instanceof Error) continue;
    out.set(copyId, { examId: copy.examId, decisions: v.decisions(), scored: v.scoredQuestions(), questions: v.questionIds() });
  }
  return out;
}
