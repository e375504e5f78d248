// "My part is done" for question-range dispatch: every question of a grader's range is graded
// (has a mark, typed or from its rubric decisions) in the copy document. Stored as Assignment.partDoneAt, kept by the transaction that
// commits the copy's updates (DocStore): the validator there holds the copy's document already
// decoded, so reading its scores costs microseconds, and the one UPDATE below rides the group
// commit (one statement per batch, rows rewritten only when the flag flips).
//
// Why a stored flag rather than a cache per (copy, latest seq) decoded on read: the graders' home
// and the supervisor's dashboard then answer with plain SQL, every node agrees without a shared
// cache, and the timestamp gives range graders a pace and an ETA like finalize timestamps do.
// Measured roughly (2 shared cores, 300-copy exam, 600 range assignments): graderProgress 7 ms;
// the flag adds nothing measurable to GET /api/grader/copies (one column); the UPDATE costs ~2 ms
// per group commit and runs only for batches whose stored updates set or clear a score (strokes,
// the bulk of the traffic, skip it). Decoding instead costs 1–6 ms per Y.Doc: 0.3–1.8 s for a
// cold 300-copy exam, and again for every copy that moved since the last look.
// Limits: rows written around the DocStore (a test inserting CopyDocUpdate rows, a restore) and an
// assignment created on a copy already scored (re-dispatch with includeStarted) keep the flag as
// it is until the copy's next committed score change.
import { EVENTS_CHANNEL } from "../db/events.ts";
import type { Queryable } from "./sql.ts";

/** A range grader's part of a copy became done or undone (NOTIFY korrigo_events, on commit): dashboards recompute. */
export interface CopyPartEvent {
  type: "copy:part";
  examId: string;
  copyId: string;
}

const uuids = (ids: readonly string[]) => ids.filter((s) => /^[0-9a-f-]{36}$/i.test(s)).join(",");

/**
 * Sets or clears partDoneAt of the copies' range assignments from their scored questions, and
 * publishes `copy:part` for each copy where a flag flipped. copy id → { examId, scored, questions }:
 * `questions` are the copy's own (common + its variant's): a range that lists both variants'
 * leaves is done when the ones this copy has are scored.
 */
export async function recordPartsDone(
  q: Queryable,
  scored: ReadonlyMap<string, { examId: string; scored: readonly string[]; questions: readonly string[] }>,
): Promise<void> {
  if (scored.size === 0) return;
  const ids = [...scored.keys()];
  const { rows } = await q.query<{ copyId: string }>(
    `WITH k AS (
       SELECT t.copy_id,
              COALESCE(string_to_array(NULLIF(t.scored, ''), ',')::uuid[], '{}'::uuid[]) AS scored,
              COALESCE(string_to_array(NULLIF(t.questions, ''), ',')::uuid[], '{}'::uuid[]) AS questions
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(copy_id, scored, questions)
     ), r AS (
       SELECT a.id, a."partDoneAt",
              ARRAY(SELECT unnest(a."questionIds") INTERSECT SELECT unnest(k.questions)) <@ k.scored AS done
         FROM "Assignment" a JOIN k ON a."copyId" = k.copy_id
        WHERE cardinality(a."questionIds") > 0
     ), flipped AS (
       UPDATE "Assignment" a
          SET "partDoneAt" = CASE WHEN r.done THEN now() ELSE NULL END
         FROM r
        WHERE a.id = r.id AND (r."partDoneAt" IS NOT NULL) <> r.done
       RETURNING a."copyId"
     )
     SELECT DISTINCT "copyId" FROM flipped`,
    [ids, ids.map((id) => uuids(scored.get(id)!.scored)), ids.map((id) => uuids(scored.get(id)!.questions))],
  );
  if (rows.length === 0) return;
  const events = rows.map((r): CopyPartEvent => ({ type: "copy:part", examId: scored.get(r.copyId)!.examId, copyId: r.copyId }));
  await q.query(`SELECT pg_notify($1, e) FROM unnest($2::text[]) AS e`, [EVENTS_CHANNEL, events.map((e) => JSON.stringify(e))]);
}
