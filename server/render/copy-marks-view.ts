// What a student is shown of a copy's marks — the score sheet of the PDF, the portal, a released
// version: per question the mark (from collab's one scoring function), the applied items with
// their label, points and feedback, the adjustment and the grader's comment; the total; the
// general comment. `marksHash` fingerprints it: the PDF rendered from a view and a released
// version of the same view carry the same hash, so release can tell whether the PDF is current.
import crypto from "node:crypto";
import { computeMarks, roundScore, type Adjustment, type CopyDecisions, type Mark, type ScaleSpec } from "../../collab/index.ts";
import type { Db } from "../db/client.ts";
import { loadCopyScaleSpec } from "../grading/exam-scale.ts";
import { prismaQueryable, type Queryable } from "../grading/sql.ts";
import type { RubricContent } from "../rubrics/rubric-content.ts";
import { loadCurrentRubrics } from "../rubrics/rubric-store.ts";
import { loadCopyScale, scoreSheetRows, type CopyScale } from "./copy-scale.ts";
import type { ScoreSheetRow, SheetItem } from "./render-types.ts";

export interface QuestionMarkView {
  readonly questionId: string;
  readonly label: string;
  /** "Exercice 2 › 2.a" */
  readonly path: string;
  readonly score: number | null;
  readonly max: number;
  readonly items: readonly (SheetItem & { readonly id: string })[];
  readonly adjustment: Adjustment | null;
  readonly comment: string | null;
  /** a bound cut the mark (negative items or adjustment below 0, above max + bonus) */
  readonly clipped: Mark["clipped"];
}

export interface MarksView {
  readonly rows: ScoreSheetRow[];
  readonly marks: QuestionMarkView[];
  readonly total: number;
  readonly max: number;
  readonly general: string;
  readonly rubricVersion: number;
}

/** The decisions and comments of a copy document (a frozen one for release and render). */
export interface CopyMarksSource {
  readonly decisions: CopyDecisions;
  readonly comments: Readonly<Record<string, string>>;
  readonly general: string;
  /** a double-marked copy's agreed marks (moderation/agreed-marks.ts): they replace the computed ones */
  readonly agreed?: ReadonlyMap<string, number>;
}

/** Everything a view needs of an exam for one variant: read once, used for many copies. */
export interface MarksContext {
  readonly scale: CopyScale;
  readonly spec: ScaleSpec;
  readonly rubric: RubricContent | null;
}

export async function loadMarksContext(db: Pick<Db, "scaleNode" | "$queryRawUnsafe">, examId: string, variant: string | null): Promise<MarksContext> {
  const q: Queryable = prismaQueryable(db);
  const [scale, spec, rubrics] = await Promise.all([
    loadCopyScale(db, examId, variant),
    loadCopyScaleSpec(q, examId, variant),
    loadCurrentRubrics(q, [examId]),
  ]);
  const current = rubrics.get(examId);
  return { scale, spec, rubric: current && current.number > 0 ? current.content : null };
}

function itemsOf(ctx: MarksContext, m: Mark): QuestionMarkView["items"] {
  const rubric = ctx.rubric && Object.hasOwn(ctx.rubric.questions, m.questionId) ? ctx.rubric.questions[m.questionId]! : null;
  const byId = new Map((rubric?.items ?? []).map((i) => [i.id, i]));
  return m.applied.map((a) => {
    const item = byId.get(a.id);
    return { id: a.id, label: item?.label ?? a.id, points: a.points, feedback: item?.feedback?.trim() || null };
  });
}

export function marksView(ctx: MarksContext, src: CopyMarksSource): MarksView {
  const computed = computeMarks(ctx.spec, src.decisions);
  const byId = new Map(computed.marks.map((m) => [m.questionId, m]));
  const marks: QuestionMarkView[] = ctx.scale.questions.map((q) => {
    const m = byId.get(q.id);
    const agreed = src.agreed?.get(q.id);
    // an agreed mark other than the first marking's stands alone: its items and adjustment are not what gave it
    const own = agreed === undefined || agreed === m?.score;
    return {
      questionId: q.id,
      label: q.label,
      path: q.path,
      score: agreed ?? m?.score ?? null,
      max: q.maxPoints,
      items: m && own ? itemsOf(ctx, m) : [],
      adjustment: own ? (m?.adjustment ?? null) : null,
      comment: src.comments[q.id]?.trim() || null,
      clipped: own ? (m?.clipped ?? null) : null,
    };
  });
  const total = src.agreed?.size ? roundScore(marks.reduce((s, m) => s + (m.score ?? 0), 0)) : computed.total;
  return {
    rows: scoreSheetRows(ctx.scale, marks, src.comments),
    marks,
    total,
    max: ctx.scale.max,
    general: src.general,
    rubricVersion: ctx.spec.rubricVersion ?? 0,
  };
}

/** sha256 of what the student sees of the marks (key order fixed by construction). */
export function marksHashOf(view: MarksView): string {
  const seen = { rows: view.rows, total: view.total, max: view.max, general: view.general };
  return crypto.createHash("sha256").update(JSON.stringify(seen)).digest("hex");
}
