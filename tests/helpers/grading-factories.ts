// Factories for grading tests: a small exam whose scale has 3 leaves, READY copies with pages,
// dispatches (whole copy or a question range).
import crypto from "node:crypto";
import signature from "cookie-signature";
import type { CopyState, Db } from "../../server/db/client.ts";
import { withCodePrefix } from "./exam-code-prefix.ts";

export interface TestExam {
  id: string;
  /** the 3 leaves of the scale, in order: maxPoints 4, 6 and 10 */
  questions: { id: string; maxPoints: number }[];
}

export async function createExamWithScale(db: Db): Promise<TestExam> {
  const exam = await withCodePrefix((codePrefix) =>
    db.exam.create({ data: { title: `Bac blanc ${crypto.randomBytes(2).toString("hex")}`, subject: "Mathématiques", status: "ACTIVE", codePrefix } }),
  );
  const ex1 = await db.scaleNode.create({ data: { examId: exam.id, kind: "EXERCISE", label: "Exercice 1", position: 1 } });
  const ex2 = await db.scaleNode.create({ data: { examId: exam.id, kind: "EXERCISE", label: "Exercice 2", position: 2 } });
  const leaves = [
    { parentId: ex1.id, label: "1.a", position: 1, maxPoints: 4 },
    { parentId: ex1.id, label: "1.b", position: 2, maxPoints: 6 },
    { parentId: ex2.id, label: "2", position: 1, maxPoints: 10 },
  ];
  const questions = [];
  for (const l of leaves) {
    const q = await db.scaleNode.create({ data: { examId: exam.id, kind: "QUESTION", ...l } });
    questions.push({ id: q.id, maxPoints: l.maxPoints });
  }
  return { id: exam.id, questions };
}

export async function createCopy(db: Db, examId: string, opts: { state?: CopyState; pages?: number } = {}) {
  const exam = await db.exam.update({ where: { id: examId }, data: { nextCopySeq: { increment: 1 } }, select: { codePrefix: true, nextCopySeq: true } });
  const seq = exam.nextCopySeq - 1;
  const copy = await db.copy.create({
    data: { examId, seq, anonymousCode: `${exam.codePrefix}-${String(seq).padStart(3, "0")}`, state: opts.state ?? "READY" },
  });
  const pages = opts.pages ?? 2;
  if (pages > 0) {
    await db.page.createMany({
      data: Array.from({ length: pages }, (_, i) => ({
        copyId: copy.id,
        position: i,
        sourcePath: `test/${copy.id}.pdf`,
        sourcePage: i,
        widthPt: 595,
        heightPt: 842,
      })),
    });
  }
  return copy;
}

/** questionIds empty = the whole copy. */
export async function assignCopy(db: Db, copyId: string, graderId: string, questionIds: string[] = []) {
  return db.assignment.create({ data: { copyId, graderId, questionIds } });
}

/** A signed-in session without the HTTP sign-in (argon2 is slow): the row plus its signed cookie. */
export async function sessionCookie(db: Db, userId: string, secret: string, ttlMs = 3_600_000): Promise<string> {
  const sid = crypto.randomBytes(24).toString("base64url");
  const now = Date.now();
  await db.session.create({
    data: {
      id: sid,
      userId,
      data: { cookie: { originalMaxAge: ttlMs }, createdAt: now, passport: { user: userId } },
      createdAt: new Date(now),
      expiresAt: new Date(now + ttlMs),
    },
  });
  return `korrigo.sid=${encodeURIComponent(`s:${signature.sign(sid, secret)}`)}`;
}
