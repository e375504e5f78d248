// The copy documents' store: append-only Yjs updates in PostgreSQL with GROUP COMMIT.
// Updates arriving while a transaction is in flight wait and go together in the next one;
// each caller gets its own seq, and only after COMMIT (the client treats the ack as saved).
// One transaction at a time per node keeps a socket's updates in order. Per copy, the
// transaction first locks the Copy row, so appends to one copy commit in seq order on every
// node: "rows <= N" is a stable set, which the cache, the joins and compaction rely on.
import type pg from "pg";
import type { Logger } from "pino";
import { needsPersist, type CopyDecisions, type UpdateOrigin } from "../../collab/index.ts";
import { AppError } from "../http/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { prepareValidators } from "./batch-validators.ts";
import { publishDecisionsChanged } from "./decision-events.ts";
import { writeDecisions } from "./decision-projection.ts";
import type { DocStateCache } from "./doc-state-cache.ts";
import type { LoadedState } from "./doc-state-loader.ts";
import { loadScales } from "./exam-scale.ts";
import { recordPartsDone } from "./part-done.ts";
import type { Queryable } from "./sql.ts";
import { StateReader } from "./state-reader.ts";
import { planBatch, type BatchFacts, type BatchItem, type CopyRow, type ItemOutcome } from "./update-batch.ts";
import { ValidatorCache } from "./validator-cache.ts";

export interface AppendInput {
  readonly copyId: string;
  readonly update: Uint8Array;
  readonly actor: Actor;
  /** remote (from a socket) or server (made by the server itself) */
  readonly origin: UpdateOrigin;
}

export interface AppendResult {
  readonly seq: number;
  readonly examId: string;
  /** the update changed nothing (a resend): acknowledged, neither stored nor broadcast */
  readonly duplicate: boolean;
}

interface Pending extends BatchItem {
  resolve(r: AppendResult): void;
  reject(e: unknown): void;
}

export interface DocStoreOptions {
  readonly log: Logger;
  readonly maxBatch?: number;
  /** called once a copy holds this many rows past its snapshot (default 200) */
  readonly compactAfterRows?: number;
  readonly requestCompaction?: (copyId: string) => void;
}

export class DocStore {
  readonly #queue: Pending[] = [];
  #flushing: Promise<void> | null = null;
  readonly #validators = new ValidatorCache();
  readonly #reader: StateReader;

  constructor(
    private readonly pool: pg.Pool,
    /** merged bytes per copy, for joins */
    private readonly cache: DocStateCache,
    private readonly opts: DocStoreOptions,
  ) {
    this.#reader = new StateReader(pool, cache);
  }

  append(input: AppendInput): Promise<AppendResult> {
    if (!needsPersist(input.origin)) throw new Error("an update relayed from another node is stored already");
    return new Promise((resolve, reject) => {
      this.#queue.push({ ...input, resolve, reject });
      this.#flushing ??= this.#drain();
    });
  }

  /** The copy's current state (for a join): merged bytes, no Y.Doc; concurrent joins share one query. */
  read(copyId: string): Promise<LoadedState> {
    return this.#reader.read(copyId);
  }

  /** Resolves once every queued update is committed or refused (shutdown). */
  async flush(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #drain(): Promise<void> {
    await new Promise((r) => setImmediate(r)); // let the packets of this I/O turn join the first batch
    try {
      while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, this.opts.maxBatch ?? 512));
    } finally {
      this.#flushing = null;
    }
  }

  async #commit(batch: Pending[]): Promise<void> {
    let outcomes: ItemOutcome[];
    let seqs: Map<number, number>;
    let facts: BatchFacts;
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      await client.query("BEGIN");
      facts = await this.#facts(client, batch);
      outcomes = planBatch(batch, facts);
      seqs = await insertUpdates(client, batch, outcomes);
      const decided = decidedAfter(batch, outcomes, seqs, facts);
      await writeDecisions(client, new Map([...decided].map(([id, d]) => [id, d.decisions]))); // same transaction: the projection never disagrees with the rows
      await recordPartsDone(client, decided); // same transaction: flag and rows commit together
      await publishDecisionsChanged(client, decided); // live per-item statistics (on commit)
      await client.query("COMMIT"); // ack after commit: the client treats the ack as saved
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
    this.#settle(batch, outcomes, seqs, facts);
  }

  async #facts(client: pg.PoolClient, batch: readonly Pending[]): Promise<BatchFacts> {
    const copyIds = [...new Set(batch.map((p) => p.copyId))].sort(); // one lock order: no deadlock between nodes
    // one round trip: the rows locked and the writers' dispatches (group commit's fixed cost per batch)
    const { copies, assignments } = await lockCopiesWithAssignments(client, copyIds, [...new Set(batch.map((p) => p.actor.id))]);
    const scales = await loadScales(client, [...copies.values()]);
    const validators = await prepareValidators(client, copies, scales, { validators: this.#validators, states: this.cache });
    return { copies, assignments, validators };
  }

  #settle(batch: Pending[], outcomes: ItemOutcome[], seqs: Map<number, number>, facts: BatchFacts): void {
    for (const [i, seq] of seqs) {
      const entry = this.#validators.get(batch[i]!.copyId);
      if (!entry) continue;
      entry.seq = Math.max(entry.seq, seq);
      entry.rowsSinceSnapshot++;
    }
    for (const copyId of new Set([...seqs.keys()].map((i) => batch[i]!.copyId))) this.#maybeCompact(copyId);
    batch.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (!outcome.ok) return p.reject(outcome.error);
      const examId = facts.copies.get(p.copyId)!.examId;
      const seq = seqs.get(i) ?? this.#validators.get(p.copyId)?.seq ?? 0;
      p.resolve({ seq, examId, duplicate: outcome.duplicate });
    });
  }

  #maybeCompact(copyId: string): void {
    const entry = this.#validators.get(copyId);
    if (!entry || !this.opts.requestCompaction || entry.rowsSinceSnapshot < (this.opts.compactAfterRows ?? 200)) return;
    entry.rowsSinceSnapshot = 0; // counted again from here: asked once per N rows
    this.opts.requestCompaction(copyId);
  }

  /** Frees the cached documents (shutdown). */
  clear(): void {
    this.#validators.clear();
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
function decidedAfter(batch: readonly BatchItem[], outcomes: readonly ItemOutcome[], seqs: ReadonlyMap<number, number>, facts: BatchFacts): Map<string, Decided> {
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

async function lockCopiesWithAssignments(
  q: Queryable,
  copyIds: readonly string[],
  writerIds: readonly string[],
): Promise<{ copies: Map<string, CopyRow>; assignments: Map<string, readonly string[]> }> {
  const { rows } = await q.query<CopyRow & { id: string; dispatches: Array<{ graderId: string; questionIds: string[] }> }>(
    `SELECT c.id, c."examId", c.state, c.variant, l."holderId" AS "lockHolderId", COALESCE(l."expiresAt" > now(), false) AS "lockLive",
            (SELECT array_agg(q."holderId"::text || '|' || q."questionId") FROM "QuestionClaim" q WHERE q."copyId" = c.id AND q."expiresAt" > now()) AS claims,
            (SELECT count(*) FROM "Page" p WHERE p."copyId" = c.id)::int AS "pageCount",
            EXISTS (SELECT 1 FROM "ReleasedVersion" r WHERE r."copyId" = c.id) AS released,
            (SELECT COALESCE(json_agg(json_build_object('graderId', a."graderId", 'questionIds', a."questionIds"::text[])), '[]'::json)
               FROM "Assignment" a WHERE a."copyId" = c.id AND a."graderId" = ANY($2::uuid[])) AS dispatches
       FROM "Copy" c LEFT JOIN "CopyLock" l ON l."copyId" = c.id
      WHERE c.id = ANY($1::uuid[])
      ORDER BY c.id
        FOR NO KEY UPDATE OF c`,
    [copyIds, writerIds],
  );
  const assignments = new Map<string, readonly string[]>();
  for (const r of rows) for (const d of r.dispatches) assignments.set(`${r.id}|${d.graderId}`, d.questionIds);
  return { copies: new Map(rows.map(({ dispatches: _d, ...r }) => [r.id, r])), assignments };
}

function storedOrigin(o: ItemOutcome): string {
  return o.ok ? (o.origin ?? "desk") : "desk";
}

function storedSummary(o: ItemOutcome): string | null {
  return o.ok && o.summary ? JSON.stringify(o.summary) : null;
}

/** Inserts the accepted, non-duplicate updates; returns batch index → seq. */
async function insertUpdates(q: Queryable, batch: readonly BatchItem[], outcomes: readonly ItemOutcome[]): Promise<Map<number, number>> {
  const idx = batch.map((_, i) => i).filter((i) => {
    const o = outcomes[i]!;
    return o.ok && !o.duplicate;
  });
  if (idx.length === 0) return new Map();
  // the CTE is evaluated once (it calls nextval), so the returned seqs are the stored ones
  const { rows } = await q.query<{ ord: number; seq: string }>(
    `WITH input AS (
       SELECT t.ord, nextval(pg_get_serial_sequence('"CopyDocUpdate"', 'seq')) AS seq, t.copy_id, t.data, t.author_id, t.origin, t.summary
         FROM unnest($1::uuid[], $2::bytea[], $3::uuid[], $4::text[], $5::jsonb[]) WITH ORDINALITY AS t(copy_id, data, author_id, origin, summary, ord)
     ), ins AS (
       INSERT INTO "CopyDocUpdate" (seq, "copyId", data, "authorId", origin, summary) SELECT seq, copy_id, data, author_id, origin, summary FROM input
     )
     SELECT ord::int AS ord, seq FROM input`,
    [
      idx.map((i) => batch[i]!.copyId),
      idx.map((i) => Buffer.from(batch[i]!.update.buffer, batch[i]!.update.byteOffset, batch[i]!.update.byteLength)),
      idx.map((i) => batch[i]!.actor.id),
      idx.map((i) => storedOrigin(outcomes[i]!)),
      idx.map((i) => storedSummary(outcomes[i]!)),
    ],
  );
  return new Map(rows.map((r) => [idx[r.ord - 1]!, Number(r.seq)]));
}
