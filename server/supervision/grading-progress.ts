// Where an exam's grading stands, from SQL aggregates: copies by state, and per grader the copies
// dispatched, finalized, their pace (copies/hour) and the estimated completion.
import type { CopyState } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";

export const COPY_STATES = ["STAGING", "READY", "FINALIZING", "GRADED", "RENDER_FAILED"] as const satisfies readonly CopyState[];
const DONE: readonly CopyState[] = ["FINALIZING", "GRADED", "RENDER_FAILED"];

export interface CopyCounts {
  readonly total: number;
  readonly byState: Readonly<Record<CopyState, number>>;
  readonly released: number;
  readonly identified: number;
}

export interface Pace {
  /** copies finalized (per grader: or whose question range they finished scoring) */
  readonly finalized: number;
  /** copies per hour between the first and the last finalize; null below two copies */
  readonly perHour: number | null;
  readonly lastFinalizedAt: string | null;
  /** copies still to grade */
  readonly remaining: number;
  /** when the remaining copies should be done at this pace; null without a pace */
  readonly etaAt: string | null;
}

export interface GraderProgress extends Pace {
  readonly id: string;
  readonly displayName: string;
  /** copies dispatched to this grader (whole copies or a question range) */
  readonly assigned: number;
  /** dispatched copies already finalized, whoever finalized them, or whose range this grader scored */
  readonly done: number;
}

export async function copyCounts(q: Queryable, examId: string): Promise<CopyCounts> {
  const { rows } = await q.query<{ state: CopyState; n: number; released: number; identified: number }>(
    `SELECT state::text AS state, count(*)::int AS n, count("releasedAt")::int AS released, count("studentId")::int AS identified
       FROM "Copy" WHERE "examId" = $1::uuid GROUP BY state`,
    [examId],
  );
  const byState = Object.fromEntries(COPY_STATES.map((s) => [s, 0])) as Record<CopyState, number>;
  let released = 0;
  let identified = 0;
  for (const r of rows) {
    byState[r.state] = r.n;
    released += r.released;
    identified += r.identified;
  }
  return { total: rows.reduce((s, r) => s + r.n, 0), byState, released, identified };
}

const MIN_SPAN_MS = 60_000; // two copies finalized a second apart do not make a pace of 3,600/h

/** Pace from the finalize timestamps of n copies: (n - 1) copies over the time between first and last. */
export function paceOf(finalized: number, first: Date | null, last: Date | null, remaining: number, now = new Date()): Pace {
  let perHour: number | null = null;
  if (finalized >= 2 && first && last)
    perHour = Math.round(((finalized - 1) / (Math.max(MIN_SPAN_MS, last.getTime() - first.getTime()) / 3_600_000)) * 10) / 10;
  const etaAt = remaining === 0 ? now.toISOString() : perHour ? new Date(now.getTime() + (remaining / perHour) * 3_600_000).toISOString() : null;
  return { finalized, perHour, lastFinalizedAt: last?.toISOString() ?? null, remaining, etaAt };
}

export async function examPace(q: Queryable, examId: string, remaining: number): Promise<Pace> {
  const { rows } = await q.query<{ n: number; first: Date | null; last: Date | null }>(
    `SELECT count(*)::int AS n, min("finalizedAt") AS first, max("finalizedAt") AS last
       FROM "Copy" WHERE "examId" = $1::uuid AND "finalizedAt" IS NOT NULL`,
    [examId],
  );
  const r = rows[0]!;
  return paceOf(r.n, r.first, r.last, remaining);
}

/**
 * Per grader. A question-range grader's copy counts as done once their part is (every question of
 * their range scored: Assignment.partDoneAt, grading/part-done.ts), and that moment counts in their
 * pace like a finalize: a copy finalized by a grader whose part was done earlier counts once, at the
 * earlier time. Whole-copy graders: finalized copies only, as before.
 */
export async function graderProgress(q: Queryable, examId: string): Promise<GraderProgress[]> {
  const { rows } = await q.query<{ id: string; displayName: string; assigned: number; done: number; finalized: number; first: Date | null; last: Date | null }>(
    `WITH dispatched AS (
       SELECT a."graderId" AS id, count(DISTINCT c.id)::int AS assigned,
              count(DISTINCT c.id) FILTER (WHERE c.state::text = ANY($2::text[]) OR a."partDoneAt" IS NOT NULL)::int AS done
         FROM "Assignment" a JOIN "Copy" c ON c.id = a."copyId"
        WHERE c."examId" = $1::uuid GROUP BY a."graderId"
     ), finished AS (
       SELECT "finalizedById" AS id, id AS copy_id, "finalizedAt" AS at
         FROM "Copy" WHERE "examId" = $1::uuid AND "finalizedById" IS NOT NULL AND "finalizedAt" IS NOT NULL
       UNION ALL
       SELECT a."graderId", a."copyId", a."partDoneAt"
         FROM "Assignment" a JOIN "Copy" c ON c.id = a."copyId"
        WHERE c."examId" = $1::uuid AND a."partDoneAt" IS NOT NULL
     ), per_copy AS (
       SELECT id, copy_id, min(at) AS at FROM finished GROUP BY id, copy_id
     ), finalized AS (
       SELECT id, count(*)::int AS finalized, min(at) AS first, max(at) AS last FROM per_copy GROUP BY id
     )
     SELECT u.id, u."displayName", COALESCE(d.assigned, 0) AS assigned, COALESCE(d.done, 0) AS done,
            COALESCE(f.finalized, 0) AS finalized, f.first, f.last
       FROM "User" u LEFT JOIN dispatched d ON d.id = u.id LEFT JOIN finalized f ON f.id = u.id
      WHERE d.id IS NOT NULL OR (f.id IS NOT NULL AND u.role = 'GRADER') -- a supervisor finalizing a copy is not a grader
      ORDER BY u."displayName", u.id`,
    [examId, DONE],
  );
  const now = new Date();
  return rows.map((r) => ({
    id: r.id,
    displayName: r.displayName,
    assigned: r.assigned,
    done: r.done,
    ...paceOf(r.finalized, r.first, r.last, Math.max(0, r.assigned - r.done), now),
  }));
}
