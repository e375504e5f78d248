// Per-item statistics of an exam: for each question graded with rubric items, how many copies got
// each item (and the share among the copies graded on that question). Read from the decisions
// projection (QuestionDecision: every copy, graded or in progress, one query) and scored with
// collab's computeMark, so an item ignored by its group rule or unknown to the current rubric is
// not counted. Live: the dashboard recomputes when a commit changes decisions (`copy:decisions`).
import { computeMark, type CopyDecisions, type QuestionSpec } from "../../collab/index.ts";
import { loadScales } from "../grading/exam-scale.ts";
import { MAIN_LAYER } from "../grading/decision-projection.ts";
import type { Queryable } from "../grading/sql.ts";
import type { RubricContent } from "../rubrics/rubric-content.ts";
import { loadCurrentRubrics } from "../rubrics/rubric-store.ts";
import type { ExamQuestions } from "./exam-questions.ts";

export interface ItemStat {
  readonly id: string;
  readonly label: string;
  readonly points: number;
  /** copies whose mark on the question counts this item */
  readonly count: number;
  /** 0..1 of the copies graded on the question; null when none is */
  readonly share: number | null;
}

export interface QuestionItemStats {
  readonly questionId: string;
  readonly label: string;
  readonly path: string;
  /** copies with a mark on this question */
  readonly graded: number;
  readonly items: readonly ItemStat[];
}

export interface DecisionRow {
  copyId: string;
  questionId: string;
  score: number | null;
  items: string[];
  adjustPoints: number | null;
  adjustComment: string | null;
  checked: boolean;
}

/** The decisions of one copy on one question, in the shape computeMark reads. */
export function rowDecisions(r: DecisionRow): CopyDecisions {
  const q = r.questionId;
  return {
    scores: r.score === null ? {} : { [q]: r.score },
    items: r.items.length ? { [q]: [...r.items].sort() } : {},
    adjust: r.adjustPoints === null ? {} : { [q]: { points: r.adjustPoints, comment: r.adjustComment ?? "" } },
    checked: r.checked ? [q] : [],
  };
}

export async function examDecisionRows(pool: Queryable, examId: string): Promise<DecisionRow[]> {
  const { rows } = await pool.query<DecisionRow>(
    `SELECT d."copyId", d."questionId", d.score, d.items, d."adjustPoints", d."adjustComment", d.checked
       FROM "QuestionDecision" d JOIN "Copy" c ON c.id = d."copyId"
      WHERE c."examId" = $1::uuid AND d.layer = $2
      ORDER BY c.seq, d."questionId"`,
    [examId, MAIN_LAYER],
  );
  return rows;
}

/** question id → its spec (with the current rubric), over every variant of the exam. */
export async function examQuestionSpecs(pool: Queryable, examId: string, questions: ExamQuestions): Promise<Map<string, QuestionSpec>> {
  const variants = [null, ...new Set(questions.all.flatMap((q) => (q.variant === null ? [] : [q.variant])))];
  const scales = await loadScales(
    pool,
    variants.map((variant) => ({ examId, variant })),
  );
  const specs = new Map<string, QuestionSpec>();
  for (const s of scales.values()) for (const q of s.questions) specs.set(q.id, q);
  return specs;
}

export async function itemStatistics(pool: Queryable, examId: string, questions: ExamQuestions): Promise<QuestionItemStats[]> {
  const rubric: RubricContent | undefined = (await loadCurrentRubrics(pool, [examId])).get(examId)?.content;
  const withItems = questions.all.filter((q) => rubric && Object.hasOwn(rubric.questions, q.id) && rubric.questions[q.id]!.items.length > 0);
  if (withItems.length === 0) return [];
  const [specs, rows] = await Promise.all([examQuestionSpecs(pool, examId, questions), examDecisionRows(pool, examId)]);
  const graded = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const r of rows) {
    const spec = specs.get(r.questionId);
    if (!spec?.rubric) continue;
    const mark = computeMark(spec, rowDecisions(r));
    if (mark.score === null) continue;
    graded.set(r.questionId, (graded.get(r.questionId) ?? 0) + 1);
    for (const a of mark.applied) counts.set(`${r.questionId}|${a.id}`, (counts.get(`${r.questionId}|${a.id}`) ?? 0) + 1);
  }
  return withItems.map((q) => {
    const n = graded.get(q.id) ?? 0;
    return {
      questionId: q.id,
      label: q.label,
      path: q.path,
      graded: n,
      items: rubric!.questions[q.id]!.items.map((i) => {
        const count = counts.get(`${q.id}|${i.id}`) ?? 0;
        return { id: i.id, label: i.label, points: i.points, count, share: n ? Math.round((count / n) * 1000) / 1000 : null };
      }),
    };
  });
}
