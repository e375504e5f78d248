// Marks of an exam's copies for whole-exam reads (statistics, exports, the release table): the
// scale's questions plus, per variant, the scale with the exam's current rubric, so each copy's
// marks come from collab's one scoring function — never from a number stored in the document.
import { computeMarks, NO_DECISIONS, scoresOfMarks, type CopyDecisions, type CopyMarks, type ScaleSpec } from "../../collab/index.ts";
import type { Db } from "../db/client.ts";
import { loadScales, scaleKey } from "../grading/exam-scale.ts";
import type { Queryable } from "../grading/sql.ts";
import { loadExamQuestions, type ExamQuestions } from "./exam-questions.ts";

export interface ExamMarks {
  readonly questions: ExamQuestions;
  marksOf(variant: string | null, decisions: CopyDecisions | undefined): CopyMarks;
  /** question id → mark (null: not graded), the shape `ExamQuestions.totalFor` reads */
  scoresOf(variant: string | null, decisions: CopyDecisions | undefined): Record<string, number | null>;
}

export async function loadExamMarks(db: Pick<Db, "scaleNode">, pool: Queryable, examId: string): Promise<ExamMarks> {
  const questions = await loadExamQuestions(db, examId);
  const variants = [null, ...new Set(questions.all.flatMap((q) => (q.variant === null ? [] : [q.variant])))];
  const scales: Map<string, ScaleSpec> = await loadScales(
    pool,
    variants.map((variant) => ({ examId, variant })),
  );
  const specOf = (variant: string | null) => scales.get(scaleKey(examId, variant)) ?? scales.get(scaleKey(examId, null))!;
  const marksOf = (variant: string | null, decisions: CopyDecisions | undefined) => computeMarks(specOf(variant), decisions ?? NO_DECISIONS);
  return { questions, marksOf, scoresOf: (variant, decisions) => scoresOfMarks(marksOf(variant, decisions)) };
}
