// A grading test's own starting state in the demo exam (its scale, subject and answer key): a fresh
// grader account and copies of its own, built from a demo scan's pages. Tests of one file then
// never share a copy, a lock, a count on the home or a "next copy", so one failure cascades nowhere.
import crypto from "node:crypto";
import type { Db } from "../../../server/db/client.ts";
import { formatAnonymousCode } from "../../../server/exams/anonymous-code.ts";
import { createUser } from "../../helpers/factories.ts";

export const DEMO_EXAM_TITLE = "Bac blanc de mathématiques";

export interface TestGrader {
  id: string;
  username: string;
  password: string;
  displayName: string;
}

export interface TestCopy {
  id: string;
  anonymousCode: string;
  examId: string;
}

/** A grader with nothing dispatched yet, ready to sign in (no forced password change). */
export async function newGrader(db: Db, displayName = `M. Testeur ${crypto.randomBytes(2).toString("hex")}`): Promise<TestGrader> {
  const u = await createUser(db, "GRADER");
  await db.user.update({ where: { id: u.id }, data: { displayName } });
  return { id: u.id, username: u.username, password: u.password, displayName };
}

/** A READY copy of the demo exam (the pages of its first scan, a student of its own) dispatched to `graderIds`. */
export async function demoCopy(db: Db, graderIds: string[]): Promise<TestCopy> {
  const exam = await db.exam.findFirstOrThrow({ where: { title: DEMO_EXAM_TITLE } });
  const source = await db.copy.findFirstOrThrow({ where: { examId: exam.id }, orderBy: { seq: "asc" }, include: { pages: { orderBy: { position: "asc" } } } });
  const { nextCopySeq, codePrefix } = await db.exam.update({ where: { id: exam.id }, data: { nextCopySeq: { increment: 1 } } });
  const seq = nextCopySeq - 1;
  const student = await db.student.create({ data: { lastName: "ÉLÈVE", firstName: `Test ${seq}`, className: "TG2" } });
  const copy = await db.copy.create({
    data: {
      examId: exam.id,
      seq,
      anonymousCode: formatAnonymousCode(codePrefix, seq),
      state: "READY",
      studentId: student.id,
      pages: {
        create: source.pages.map((p) => ({
          position: p.position,
          sourcePath: p.sourcePath,
          sourcePage: p.sourcePage,
          widthPt: p.widthPt,
          heightPt: p.heightPt,
        })),
      },
      assignments: { create: graderIds.map((graderId) => ({ graderId })) },
    },
  });
  return { id: copy.id, anonymousCode: copy.anonymousCode, examId: exam.id };
}

/** The id of a demo account (the seed's staff). */
export async function userId(db: Db, username: string): Promise<string> {
  return (await db.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
}
