// Reads the current rubric version of exams (Exam.rubricVersion → RubricVersion row). Version 0
// means no rubric yet. Read inside the commit transaction by the validator's scale loader, so a
// rubric change applies to the very next update.
import type { Queryable } from "../grading/sql.ts";
import { EMPTY_RUBRIC, parseRubricContent, type RubricContent } from "./rubric-content.ts";

export interface CurrentRubric {
  readonly number: number;
  readonly content: RubricContent;
}

export async function loadCurrentRubrics(q: Queryable, examIds: readonly string[]): Promise<Map<string, CurrentRubric>> {
  const out = new Map<string, CurrentRubric>();
  if (examIds.length === 0) return out;
  const { rows } = await q.query<{ examId: string; number: number; content: unknown }>(
    `SELECT e.id AS "examId", e."rubricVersion" AS number, v.content
       FROM "Exam" e LEFT JOIN "RubricVersion" v ON v."examId" = e.id AND v.number = e."rubricVersion"
      WHERE e.id = ANY($1::uuid[])`,
    [examIds],
  );
  for (const r of rows) out.set(r.examId, { number: r.number, content: r.content === null ? EMPTY_RUBRIC : parseRubricContent(r.content) });
  return out;
}
