// The rubric as the desk, the editor and scripts read it: the current version's number (and its
// parent: undo restores it, null when there is nothing to undo) and, per question, its mode, bonus
// and items in display order (ids, labels, points, feedback, groups, revisions — a grader applies
// an item with the revision shown here).
import type { Db } from "../db/client.ts";
import { prismaQueryable } from "../grading/sql.ts";
import type { RubricContent } from "./rubric-content.ts";
import { loadCurrentRubrics } from "./rubric-store.ts";

export interface RubricView {
  examId: string;
  /** 0: no rubric yet */
  version: number;
  /** the version undo would restore; null: nothing to undo */
  parentNumber: number | null;
  questions: RubricContent["questions"];
}

export async function currentRubricView(db: Pick<Db, "$queryRawUnsafe" | "rubricVersion">, examId: string): Promise<RubricView> {
  const current = (await loadCurrentRubrics(prismaQueryable(db), [examId])).get(examId);
  const version = current?.number ?? 0;
  const row = version ? await db.rubricVersion.findUnique({ where: { examId_number: { examId, number: version } }, select: { parentNumber: true } }) : null;
  return { examId, version, parentNumber: row?.parentNumber ?? null, questions: current?.content.questions ?? {} };
}
