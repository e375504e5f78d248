// What a rubric change is checked and previewed against, read in one go: the exam's leaves (with
// the variant that applies to each), the current version, and every copy's decisions from the
// QuestionDecision projection (one row per copy, never a document decoded).
import type { CopyDecisions } from "../../collab/index.ts";
import type { CopyState } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";
import { EMPTY_RUBRIC, parseRubricContent, type RubricContent } from "./rubric-content.ts";
import type { Leaf } from "./rubric-change.ts";

export interface CopyDecisionRow {
  copyId: string;
  code: string;
  state: CopyState;
  variant: string | null;
  released: boolean;
  decisions: CopyDecisions;
}

export interface CurrentVersion {
  number: number;
  parentNumber: number | null;
  content: RubricContent;
}

/** The scored leaves in reading order, each with its own or inherited variant. */
export async function loadLeaves(q: Queryable, examId: string): Promise<Leaf[]> {
  const { rows } = await q.query<{ id: string; maxPoints: string; variant: string | null }>(
    `SELECT n.id::text AS id, n."maxPoints"::text AS "maxPoints", COALESCE(n.variant, p.variant, g.variant) AS variant
       FROM "ScaleNode" n
       LEFT JOIN "ScaleNode" p ON p.id = n."parentId"
       LEFT JOIN "ScaleNode" g ON g.id = p."parentId"
      WHERE n."examId" = $1::uuid AND n."maxPoints" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "ScaleNode" c WHERE c."parentId" = n.id)
      ORDER BY array_remove(ARRAY[g.position, p.position, n.position], NULL), n.id`,
    [examId],
  );
  return rows.map((r) => ({ id: r.id, maxPoints: Number(r.maxPoints), variant: r.variant }));
}

/** The version Exam.rubricVersion points to; number 0 (no rubric) has the empty content. */
export async function loadVersion(q: Queryable, examId: string, number: number): Promise<CurrentVersion> {
  if (number === 0) return { number: 0, parentNumber: null, content: EMPTY_RUBRIC };
  const { rows } = await q.query<{ parentNumber: number | null; content: unknown }>(
    `SELECT "parentNumber", content FROM "RubricVersion" WHERE "examId" = $1::uuid AND number = $2`,
    [examId, number],
  );
  if (!rows[0]) throw new Error(`rubric version ${number} of exam ${examId} is missing`);
  return { number, parentNumber: rows[0].parentNumber, content: parseRubricContent(rows[0].content) };
}

type DecisionTuple = [questionId: string, score: number | null, items: string[], adjustPoints: number | null, adjustComment: string | null, checked: boolean];

function toDecisions(tuples: DecisionTuple[]): CopyDecisions {
  const d = {
    scores: {} as Record<string, number | null>,
    items: {} as Record<string, string[]>,
    adjust: {} as Record<string, { points: number; comment: string }>,
    checked: [] as string[],
  };
  for (const [q, score, items, adjustPoints, adjustComment, checked] of tuples) {
    if (score !== null) d.scores[q] = score;
    if (items.length) d.items[q] = [...items].sort();
    if (adjustPoints !== null) d.adjust[q] = { points: adjustPoints, comment: adjustComment ?? "" };
    if (checked) d.checked.push(q);
  }
  d.checked.sort();
  return d;
}

/** Every copy of the exam that holds at least one decision (main layer), with its state. */
export async function loadCopyDecisions(q: Queryable, examId: string): Promise<CopyDecisionRow[]> {
  const { rows } = await q.query<{ copyId: string; code: string; state: CopyState; variant: string | null; released: boolean; d: DecisionTuple[] }>(
    `SELECT c.id::text AS "copyId", c."anonymousCode" AS code, c.state::text AS state, c.variant, (c."releasedAt" IS NOT NULL) AS released,
            json_agg(json_build_array(d."questionId", d.score, d.items, d."adjustPoints", d."adjustComment", d.checked)) AS d
       FROM "Copy" c JOIN "QuestionDecision" d ON d."copyId" = c.id AND d.layer = ''
      WHERE c."examId" = $1::uuid
      GROUP BY c.id
      ORDER BY c.seq`,
    [examId],
  );
  return rows.map((r) => ({ copyId: r.copyId, code: r.code, state: r.state, variant: r.variant, released: r.released, decisions: toDecisions(r.d) }));
}
