// Both markings of double-marked copies, per question: each layer's decisions read from the
// projection (QuestionDecision, one query for all copies and both layers) and scored by collab's
// computeMarks under the copy's scale and the exam's current rubric — the same function, scale and
// rubric as every other mark, so a layer's mark here is the mark its marker saw at the desk.
import { computeMarks, type CopyDecisions, type Mark, type QuestionSpec, type ScaleSpec } from "../../collab/index.ts";
import { MAIN_LAYER, SECOND_LAYER } from "../grading/decision-projection.ts";
import { loadScales, scaleKey } from "../grading/exam-scale.ts";
import type { Queryable } from "../grading/sql.ts";
import { rowDecisions, type DecisionRow } from "../supervision/item-stats.ts";

export interface LayeredCopy {
  readonly id: string;
  readonly examId: string;
  readonly variant: string | null;
}

export interface LayerMarks {
  readonly copyId: string;
  readonly spec: ScaleSpec;
  /** in the scale's order */
  readonly first: readonly Mark[];
  readonly second: readonly Mark[];
}

type Row = DecisionRow & { layer: string };

function merged(rows: readonly DecisionRow[]): CopyDecisions {
  const d = {
    scores: {} as Record<string, number | null>,
    items: {} as Record<string, string[]>,
    adjust: {} as Record<string, CopyDecisions["adjust"][string]>,
    checked: [] as string[],
  };
  for (const r of rows) {
    const one = rowDecisions(r);
    Object.assign(d.scores, one.scores);
    Object.assign(d.items, one.items);
    Object.assign(d.adjust, one.adjust);
    d.checked.push(...one.checked);
  }
  return d;
}

export async function loadLayerMarks(q: Queryable, copies: readonly LayeredCopy[]): Promise<Map<string, LayerMarks>> {
  if (copies.length === 0) return new Map();
  const [scales, { rows }] = await Promise.all([
    loadScales(q, copies),
    q.query<Row>(
      `SELECT "copyId", layer, "questionId", score, items, "adjustPoints", "adjustComment", checked
         FROM "QuestionDecision" WHERE "copyId" = ANY($1::uuid[]) AND layer = ANY($2::text[])`,
      [copies.map((c) => c.id), [MAIN_LAYER, SECOND_LAYER]],
    ),
  ]);
  const byKey = new Map<string, Row[]>();
  for (const r of rows) byKey.set(`${r.copyId}|${r.layer}`, [...(byKey.get(`${r.copyId}|${r.layer}`) ?? []), r]);
  const out = new Map<string, LayerMarks>();
  for (const c of copies) {
    const spec = scales.get(scaleKey(c.examId, c.variant))!;
    const first = computeMarks(spec, merged(byKey.get(`${c.id}|${MAIN_LAYER}`) ?? [])).marks;
    const second = computeMarks(spec, merged(byKey.get(`${c.id}|${SECOND_LAYER}`) ?? [])).marks;
    out.set(c.id, { copyId: c.id, spec, first, second });
  }
  return out;
}

/** The numbers a question's mark is written in: its maximum and its rubric's points (the grain of a mean). */
export function questionNumbers(spec: QuestionSpec): number[] {
  return [spec.maxPoints, ...(spec.rubric?.items.map((i) => i.points) ?? [])];
}
