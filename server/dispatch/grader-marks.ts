// The mark of each of a grader's copies, for their home: read from the decisions projection
// (QuestionDecision, one query) and scored by collab's one function, over the questions the
// grader is given (the whole copy, or their question range). Live as the projection is: it is
// rewritten in the transaction that commits the decisions.
import { roundScore, type CopyDecisions } from "../../collab/index.ts";
import type { Db } from "../db/client.ts";
import { MAIN_LAYER } from "../grading/decision-projection.ts";
import type { Queryable } from "../grading/sql.ts";
import { loadExamMarks } from "../supervision/exam-marks.ts";
import { rowDecisions, type DecisionRow } from "../supervision/item-stats.ts";

export interface GraderMark {
  /** the points of the scored questions of the grader's range */
  readonly points: number;
  /** the maximum of the grader's range */
  readonly max: number;
  readonly scored: number;
  readonly questions: number;
}

export interface MarkedCopy {
  readonly id: string;
  readonly variant: string | null;
  /** [] = the whole copy */
  readonly questionIds: readonly string[];
}

function merge(rows: readonly DecisionRow[]): CopyDecisions {
  const d = { scores: {}, items: {}, adjust: {}, checked: [] as string[] } as {
    scores: Record<string, number | null>;
    items: Record<string, string[]>;
    adjust: CopyDecisions["adjust"];
    checked: string[];
  };
  for (const r of rows) {
    const one = rowDecisions(r);
    Object.assign(d.scores, one.scores);
    Object.assign(d.items, one.items);
    Object.assign(d.adjust, one.adjust);
    d.checked.push(...one.checked);
  }
  return d as CopyDecisions;
}

/** copy id → its mark for the grader; null when nothing of their range is scored yet. */
export async function graderMarks(
  db: Pick<Db, "scaleNode">,
  pool: Queryable,
  examId: string,
  copies: readonly MarkedCopy[],
): Promise<Map<string, GraderMark | null>> {
  if (copies.length === 0) return new Map();
  const [exam, { rows }] = await Promise.all([
    loadExamMarks(db, pool, examId),
    pool.query<DecisionRow>(
      `SELECT "copyId", "questionId", score, items, "adjustPoints", "adjustComment", checked
         FROM "QuestionDecision" WHERE "copyId" = ANY($1::uuid[]) AND layer = $2`,
      [copies.map((c) => c.id), MAIN_LAYER],
    ),
  ]);
  const byCopy = new Map<string, DecisionRow[]>();
  for (const r of rows) byCopy.set(r.copyId, [...(byCopy.get(r.copyId) ?? []), r]);
  return new Map(
    copies.map((c) => {
      const range = c.questionIds.length ? new Set(c.questionIds) : null;
      const marks = exam.marksOf(c.variant, merge(byCopy.get(c.id) ?? [])).marks.filter((m) => range === null || range.has(m.questionId));
      const scored = marks.filter((m) => m.score !== null);
      if (scored.length === 0) return [c.id, null];
      const mark: GraderMark = {
        points: roundScore(scored.reduce((s, m) => s + m.score!, 0)),
        max: roundScore(marks.reduce((s, m) => s + m.max, 0)),
        scored: scored.length,
        questions: marks.length,
      };
      return [c.id, mark];
    }),
  );
}
