// The group commit's two statements (doc-store.ts): lock the batch's copies with everything the
// plan needs, and insert the accepted updates. Between them the plan runs in memory, against
// validators kept from earlier batches; the insert then proves they were current (OPTIMISTIC
// READ, below), so a batch of strokes on copies this node already writes costs BEGIN, these two
// statements and COMMIT — no read of the rows themselves. Both are named (prepared statements):
// a lane parses and plans each once on its connection instead of on every batch; a pooler in front
// of PostgreSQL must keep prepared statements (PgBouncer: session mode, or max_prepared_statements).
import { liveSessionsAmong } from "../auth/live-session-sql.ts";
import { SCALE_FINGERPRINT_SQL } from "./scale-cache.ts";
import type { Queryable } from "./sql.ts";
import type { BatchItem, CopyRow, ItemOutcome } from "./update-batch.ts";

export interface LockedCopy extends CopyRow {
  readonly id: string;
  readonly scaleFp: string;
}

/**
 * Locks the copies (one lock order: no deadlock between nodes) and reads, in the same statement,
 * their state, lock, claims, page count, the writers' dispatches, each exam's scale fingerprint and
 * which of the writers' sessions are still live. Each fact is read for the whole batch at once
 * (`= ANY` over the batch's copies, one scan per table) and each exam's fingerprint once, not once
 * per copy as correlated subqueries did (17 % of the statement's time for a batch of 10 copies;
 * docs/operations.md, "The durable commit's PostgreSQL share"). Every fact is MATERIALIZED: on
 * analyzed tables the generic plan joined them in nested loops over the locked copies and computed
 * each inlined one again per copy — 11 ms for a batch of 100 copies instead of 3.4, 1.4 ms for 20
 * instead of 0.8 (tests/integration/commit-lane-plans.test.ts). Lists come back as JSON (parsed
 * natively; pg parses array columns in JavaScript). A revocation deletes the session rows before its
 * notice reaches every node; this statement's snapshot is taken after it waited for the locks, so a
 * write that arrives after a revocation committed is refused here whichever node it reached.
 */
export async function lockCopies(
  q: Queryable,
  copyIds: readonly string[],
  writerIds: readonly string[],
  sessionIds: readonly string[] = [],
): Promise<{ copies: Map<string, LockedCopy>; assignments: Map<string, readonly string[]>; liveSessions: Set<string> }> {
  const { rows } = await q.query<LockedCopy & { dispatches: Array<{ graderId: string; questionIds: string[] }>; liveSids: string[] }>({
    name: "korrigo_lock_copies", // prepared once per connection (each commit lane keeps its one): parsed and planned once, not per batch
    text: `WITH locked AS MATERIALIZED (
       SELECT c.id, c."examId", c.state, c.variant, l."holderId" AS "lockHolderId", COALESCE(l."expiresAt" > now(), false) AS "lockLive"
         FROM "Copy" c LEFT JOIN "CopyLock" l ON l."copyId" = c.id
        WHERE c.id = ANY($1::uuid[])
        ORDER BY c.id
          FOR NO KEY UPDATE OF c
     ), claims AS MATERIALIZED (
       SELECT q."copyId", json_agg(q."holderId"::text || '|' || q."questionId") AS list
         FROM "QuestionClaim" q WHERE q."copyId" = ANY($1::uuid[]) AND q."expiresAt" > now() GROUP BY q."copyId"
     ), pages AS MATERIALIZED (
       SELECT p."copyId", count(*)::int AS n FROM "Page" p WHERE p."copyId" = ANY($1::uuid[]) GROUP BY p."copyId"
     ), released AS MATERIALIZED (
       SELECT DISTINCT r."copyId" FROM "ReleasedVersion" r WHERE r."copyId" = ANY($1::uuid[])
     ), dispatches AS MATERIALIZED (
       SELECT a."copyId", json_agg(json_build_object('graderId', a."graderId", 'questionIds', a."questionIds"::text[])) AS list
         FROM "Assignment" a WHERE a."copyId" = ANY($1::uuid[]) AND a."graderId" = ANY($2::uuid[]) GROUP BY a."copyId"
     ), fp AS MATERIALIZED (
       SELECT e.id AS exam_id, ${SCALE_FINGERPRINT_SQL} AS fp FROM "Exam" e WHERE e.id IN (SELECT "examId" FROM locked)
     ), live AS MATERIALIZED (
       SELECT COALESCE(json_agg(id), '[]') AS sids FROM (${liveSessionsAmong("$3")}) s
     )
     SELECT locked.*, claims.list AS claims, COALESCE(pages.n, 0) AS "pageCount", released."copyId" IS NOT NULL AS released,
            COALESCE(dispatches.list, '[]'::json) AS dispatches, fp.fp AS "scaleFp", live.sids AS "liveSids"
       FROM locked JOIN fp ON fp.exam_id = locked."examId"
       LEFT JOIN claims ON claims."copyId" = locked.id
       LEFT JOIN pages ON pages."copyId" = locked.id
       LEFT JOIN released ON released."copyId" = locked.id
       LEFT JOIN dispatches ON dispatches."copyId" = locked.id
       CROSS JOIN live ORDER BY locked.id`,
    values: [copyIds, writerIds, sessionIds],
  });
  const assignments = new Map<string, readonly string[]>();
  for (const r of rows) for (const d of r.dispatches) assignments.set(`${r.id}|${d.graderId}`, d.questionIds);
  const liveSessions = new Set<string>(rows[0]?.liveSids ?? []);
  return { copies: new Map(rows.map(({ dispatches: _d, liveSids: _s, ...r }) => [r.id, r])), assignments, liveSessions };
}

/** Where a change came from (history): set by the server from the writer's lock, claim or a release. */
function storedOrigin(o: ItemOutcome): string {
  return o.ok ? (o.origin ?? "desk") : "desk";
}

function storedSummary(o: ItemOutcome): string | null {
  return o.ok && o.summary ? JSON.stringify(o.summary) : null;
}

export interface Inserted {
  /** batch index → seq */
  readonly seqs: Map<number, number>;
  /** copies stored past the seq their validator was at: nothing of theirs was inserted */
  readonly stale: Set<string>;
}

/**
 * Inserts the accepted, non-duplicate updates — OPTIMISTIC READ: only for the copies that hold no
 * row and no snapshot past `validatedAt` (the seq each copy's validator included). The copies are
 * locked, and this statement's snapshot is taken after the lock was granted, so it sees every row
 * another node committed; a copy written elsewhere meanwhile comes back in `stale` and the caller
 * validates its updates again from the stored rows.
 */
export async function insertUpdates(
  q: Queryable,
  batch: readonly BatchItem[],
  outcomes: readonly ItemOutcome[],
  validatedAt: ReadonlyMap<string, number>,
): Promise<Inserted> {
  const idx = batch
    .map((_, i) => i)
    .filter((i) => {
      const o = outcomes[i]!;
      return o.ok && !o.duplicate;
    });
  const checked = [...validatedAt.keys()];
  if (checked.length === 0 && idx.length === 0) return { seqs: new Map(), stale: new Set() };
  // The updates go as one bytea parameter, sent in binary (node-postgres sends a Buffer as raw
  // bytes), cut by (start, length): a bytea[] parameter is sent as text, each update hex-encoded by
  // pg in JavaScript (twice its size) and decoded again by PostgreSQL. 2.4 % of a node's main
  // thread fanning strokes out to 2,000 watchers (docs/operations.md, "The commit path").
  const updates = idx.map((i) => batch[i]!.update);
  const starts: number[] = [];
  let at = 1; // substring counts from 1
  for (const u of updates) {
    starts.push(at);
    at += u.byteLength;
  }
  // the CTE is evaluated once (it calls nextval), so the returned seqs are the stored ones
  const { rows } = await q.query<{ ord: number | null; seq: string | null; stale: string | null }>({
    name: "korrigo_insert_updates", // prepared once per connection, as above
    text: `WITH checked AS (
       SELECT k.copy_id FROM unnest($4::uuid[], $5::bigint[]) AS k(copy_id, at)
        WHERE EXISTS (SELECT 1 FROM "CopyDocUpdate" u WHERE u."copyId" = k.copy_id AND u.seq > k.at)
           OR EXISTS (SELECT 1 FROM "CopyDocSnapshot" s WHERE s."copyId" = k.copy_id AND s."upToSeq" > k.at)
     ), input AS (
       SELECT t.ord, nextval(pg_get_serial_sequence('"CopyDocUpdate"', 'seq')) AS seq, t.copy_id,
              substring($2::bytea FROM t.start FOR t.len) AS data, t.author_id, t.origin, t.summary
         FROM unnest($1::uuid[], $8::int[], $9::int[], $3::uuid[], $6::text[], $7::jsonb[]) WITH ORDINALITY AS t(copy_id, start, len, author_id, origin, summary, ord)
        WHERE t.copy_id NOT IN (SELECT copy_id FROM checked)
     ), ins AS (
       INSERT INTO "CopyDocUpdate" (seq, "copyId", data, "authorId", origin, summary) SELECT seq, copy_id, data, author_id, origin, summary FROM input
     )
     SELECT ord::int AS ord, seq, NULL::uuid AS stale FROM input
     UNION ALL SELECT NULL, NULL, copy_id FROM checked`,
    values: [
      idx.map((i) => batch[i]!.copyId),
      Buffer.concat(updates),
      idx.map((i) => batch[i]!.actor.id),
      checked,
      checked.map((id) => validatedAt.get(id)!),
      idx.map((i) => storedOrigin(outcomes[i]!)),
      idx.map((i) => storedSummary(outcomes[i]!)),
      starts,
      updates.map((u) => u.byteLength),
    ],
  });
  const seqs = new Map<number, number>();
  const stale = new Set<string>();
  for (const r of rows) {
    if (r.stale !== null) stale.add(r.stale);
    else seqs.set(idx[r.ord! - 1]!, Number(r.seq));
  }
  return { seqs, stale };
}
