// The marks of a double-marked copy's two layers, per question: read from the decisions projection
// (QuestionDecision, layer "" and "second") and scored by collab's one function under the exam's
// CURRENT rubric — so a rubric change re-scores both layers alike. The reconciler reuses this.
import { computeMarks, type CopyDecisions } from "../../collab/index.ts";
import { MAIN_LAYER, SECOND_LAYER } from "../grading/decision-projection.ts";
import { loadCopyScaleSpec } from "../grading/exam-scale.ts";
import type { Queryable } from "../grading/sql.ts";
import { rowDecisions, type DecisionRow } from "../supervision/item-stats.ts";

export interface LayerQuestionMarks {
  readonly questionId: string;
  readonly max: number;
  /** null: not scored in that layer */
  readonly first: number | null;
  readonly second: number | null;
}

export interface LayerMarks {
  readonly copyId: string;
  readonly examId: string;
  readonly rubricVersion: number;
  readonly questions: readonly LayerQuestionMarks[];
  readonly firstTotal: number;
  readonly secondTotal: number;
}

function merge(rows: readonly DecisionRow[]): CopyDecisions {
  const d = {
    scores: {} as Record<string, number | null>,
    items: {} as Record<string, string[]>,
    adjust: {} as Record<string, { points: number; comment: string }>,
    checked: [] as string[],
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

/** null when there is no such copy. */
export async function loadLayerMarks(q: Queryable, copyId: string): Promise<LayerMarks | null> {
  const { rows: copies } = await q.query<{ examId: string; variant: string | null }>(`SELECT "examId", variant FROM "Copy" WHERE id = $1::uuid`, [copyId]);
  const copy = copies[0];
  if (!copy) return null;
  // one after the other: q may be a transaction's client
  const scale = await loadCopyScaleSpec(q, copy.examId, copy.variant);
  const { rows } = await q.query<DecisionRow & { layer: string }>(
    `SELECT "copyId", layer, "questionId", score, items, "adjustPoints", "adjustComment", checked
       FROM "QuestionDecision" WHERE "copyId" = $1::uuid AND layer = ANY($2::text[])`,
    [copyId, [MAIN_LAYER, SECOND_LAYER]],
  );
  const first = computeMarks(scale, merge(rows.filter((r) => r.layer === MAIN_LAYER)));
  const second = computeMarks(scale, merge(rows.filter((r) => r.layer === SECOND_LAYER)));
  return {
    copyId,
    examId: copy.examId,
    rubricVersion: scale.rubricVersion ?? 0,
    questions: scale.questions.map((sq, i) => ({ questionId: sq.id, max: sq.maxPoints, first: first.marks[i]!.score, second: second.marks[i]!.score })),
    firstTotal: first.total,
    secondTotal: second.total,
  };
}
