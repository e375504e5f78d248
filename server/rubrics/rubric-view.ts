// The rubric as the desk, the editor and scripts read it: the current version's number and, per
// question, its mode, bonus and items in display order (ids, labels, points, feedback, groups,
// revisions — a grader applies an item with the revision shown here).
import type { Db } from "../db/client.ts";
import { prismaQueryable } from "../grading/sql.ts";
import type { RubricContent } from "./rubric-content.ts";
import { loadCurrentRubrics } from "./rubric-store.ts";

export interface RubricView {
  examId: string;
  /** 0: no rubric yet */
  version: number;
  questions: RubricContent["questions"];
}

export async function currentRubricView(db: Db, examId: string): Promise<RubricView> {
  const current = (await loadCurrentRubrics(prismaQueryable(db), [examId])).get(examId);
  return { examId, version: current?.number ?? 0, questions: current?.content.questions ?? {} };
}
