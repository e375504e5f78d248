// Loading an exam for a use case: NOT_FOUND when absent, INVALID_STATE when archived and the
// use case changes it.
import type { Db } from "../db/client.ts";
import { AppError, notFound } from "../errors/app-error.ts";

type Reader = Pick<Db, "exam">;

export async function findExam(db: Reader, id: string) {
  const exam = await db.exam.findUnique({ where: { id } });
  if (!exam) throw notFound("Exam");
  return exam;
}

export async function findEditableExam(db: Reader, id: string) {
  const exam = await findExam(db, id);
  if (exam.status === "ARCHIVED") throw new AppError("INVALID_STATE", "This exam is archived: it can no longer be changed");
  return exam;
}

/** Whether the user is dispatched at least one copy of the exam. */
export async function isGraderOfExam(db: Pick<Db, "assignment">, userId: string, examId: string): Promise<boolean> {
  return (await db.assignment.findFirst({ where: { graderId: userId, copy: { examId } }, select: { id: true } })) !== null;
}
