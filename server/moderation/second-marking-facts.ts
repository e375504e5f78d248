// What the planner needs about an exam: each copy's first marker, release and second marking, the
// graders who may second-mark and how many markings each already has under way.
import type { Queryable } from "../grading/sql.ts";

export interface CopyFacts {
  readonly copyId: string;
  readonly anonymousCode: string;
  readonly released: boolean;
  /** the whole-copy dispatch's grader, else the first question-range grader, else the finalizer */
  readonly firstMarkerId: string | null;
  /** every grader dispatched part of the copy, and its finalizer: none of them may mark it second */
  readonly otherMarkers: string[];
  /** the copy's second marking, if any */
  readonly status: "WAITING" | "GRADING" | "DONE" | "CANCELLED" | null;
}

export async function loadCopyFacts(q: Queryable, examId: string): Promise<CopyFacts[]> {
  const { rows } = await q.query<CopyFacts>(
    `SELECT c.id AS "copyId", c."anonymousCode", (c."releasedAt" IS NOT NULL) AS released,
            COALESCE((SELECT a."graderId" FROM "Assignment" a WHERE a."copyId" = c.id
                       ORDER BY (cardinality(a."questionIds") = 0) DESC, a."createdAt", a.id LIMIT 1), c."finalizedById") AS "firstMarkerId",
            ARRAY(SELECT a."graderId"::text FROM "Assignment" a WHERE a."copyId" = c.id
                  UNION SELECT c."finalizedById"::text WHERE c."finalizedById" IS NOT NULL) AS "otherMarkers",
            m.status::text AS status
       FROM "Copy" c LEFT JOIN "SecondMarking" m ON m."copyId" = c.id
      WHERE c."examId" = $1::uuid
      ORDER BY c.seq`,
    [examId],
  );
  return rows;
}

/** The exam's graders (active GRADER accounts dispatched at least one of its copies) with their markings under way. */
export async function loadSecondMarkers(q: Queryable, examId: string): Promise<{ graders: string[]; load: Map<string, number> }> {
  const { rows } = await q.query<{ id: string; load: number }>(
    `SELECT u.id, (SELECT count(*) FROM "SecondMarking" m WHERE m."markerId" = u.id AND m.status IN ('WAITING', 'GRADING'))::int AS load
       FROM "User" u
      WHERE u.role = 'GRADER' AND u.active
        AND EXISTS (SELECT 1 FROM "Assignment" a JOIN "Copy" c ON c.id = a."copyId" WHERE a."graderId" = u.id AND c."examId" = $1::uuid)
      ORDER BY u.id`,
    [examId],
  );
  return { graders: rows.map((r) => r.id), load: new Map(rows.map((r) => [r.id, Number(r.load)])) };
}
