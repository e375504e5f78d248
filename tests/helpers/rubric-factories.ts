// Factories for rubric tests: a rubric version written as the rubric service would (next number,
// parent = the current one, the exam's pointer moved), with items given their revision.
import crypto from "node:crypto";
import type { Db } from "../../server/db/client.ts";
import type { QuestionRubricContent, RubricContent, RubricItem } from "../../server/rubrics/rubric-content.ts";

export interface ItemInput {
  id?: string;
  label: string;
  points: number;
  feedback?: string | null;
  group?: string | null;
}

export interface QuestionRubricInput {
  mode?: "positive" | "negative";
  bonusMax?: number;
  items: ItemInput[];
}

/** Creates the next rubric version of the exam and makes it current; items keep given ids (new ones get a uuid). */
export async function createRubricVersion(
  db: Db,
  examId: string,
  questions: Record<string, QuestionRubricInput>,
): Promise<{ number: number; content: RubricContent }> {
  const exam = await db.exam.findUniqueOrThrow({ where: { id: examId }, select: { rubricVersion: true } });
  const last = await db.rubricVersion.aggregate({ where: { examId }, _max: { number: true } });
  const number = (last._max.number ?? 0) + 1;
  const leaves = await db.scaleNode.findMany({ where: { examId, maxPoints: { not: null } }, select: { id: true, maxPoints: true } });
  const content: RubricContent = {
    questions: Object.fromEntries(
      Object.entries(questions).map(([qid, q]): [string, QuestionRubricContent] => [
        qid,
        {
          mode: q.mode ?? "positive",
          bonusMax: q.bonusMax ?? 0,
          items: q.items.map(
            (i): RubricItem => ({
              id: i.id ?? crypto.randomUUID(),
              label: i.label,
              points: i.points,
              feedback: i.feedback ?? null,
              group: i.group ?? null,
              rev: number,
            }),
          ),
        },
      ]),
    ),
    maxPoints: Object.fromEntries(leaves.map((l) => [l.id, Number(l.maxPoints)])),
  };
  await db.$transaction([
    db.rubricVersion.create({ data: { examId, number, parentNumber: exam.rubricVersion || null, content } }),
    db.exam.update({ where: { id: examId }, data: { rubricVersion: number } }),
  ]);
  return { number, content };
}
