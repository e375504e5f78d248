// The scale a past moment was graded under: the copy's questions with the rubric of the version
// recorded with the change (its marks as they were), the current one when none was recorded.
import type { ScaleSpec } from "../../collab/index.ts";
import type { Db } from "../db/client.ts";
import { loadCopyScaleSpec } from "../grading/exam-scale.ts";
import { prismaQueryable } from "../grading/sql.ts";
import { parseRubricContent, rubricSpecOf } from "../rubrics/rubric-content.ts";

export async function scaleAtVersion(db: Db, copy: { examId: string; variant: string | null }, rubricVersion: number | null): Promise<ScaleSpec> {
  const current = await loadCopyScaleSpec(prismaQueryable(db), copy.examId, copy.variant);
  if (rubricVersion === null || rubricVersion === (current.rubricVersion ?? 0)) return current;
  const row = await db.rubricVersion.findUnique({ where: { examId_number: { examId: copy.examId, number: rubricVersion } }, select: { content: true } });
  if (!row) return { questions: current.questions.map(({ rubric: _r, ...q }) => q), rubricVersion };
  const content = parseRubricContent(row.content);
  return {
    rubricVersion,
    questions: current.questions.map(({ rubric: _r, ...q }) => {
      const spec = rubricSpecOf(content, q.id);
      return spec ? { ...q, rubric: spec } : q;
    }),
  };
}
