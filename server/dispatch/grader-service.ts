// What a grader sees: the exams and copies dispatched to them — anonymous codes, states, page
// counts and who holds the lock; never a student's identity.
import type { CopyState, Db } from "../db/client.ts";
import { EXAM_SELECT, toExamView } from "../exams/exam-view.ts";
import type { Queryable } from "../grading/sql.ts";
import { graderMarks } from "./grader-marks.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";

/**
 * Where a copy stands for the grader it is dispatched to: "done" once finalized (FINALIZING or
 * GRADED); "partDone" for a question range whose questions are all scored (Assignment.partDoneAt,
 * see grading/part-done.ts) while the copy waits for a colleague or a supervisor to finalize it;
 * "todo" otherwise. A whole-copy assignment is never "partDone" (partDoneAt stays null).
 */
export type MyCopyStatus = "todo" | "partDone" | "done";

export function myStatus(state: CopyState, partDoneAt: Date | null): MyCopyStatus {
  if (state === "GRADED" || state === "FINALIZING") return "done";
  return partDoneAt ? "partDone" : "todo";
}

export class GraderService {
  constructor(
    private readonly db: Db,
    private readonly pool: Queryable,
  ) {}

  async exams(actor: Actor) {
    authorize(actor, "grader.ownWork");
    const rows = await this.db.assignment.findMany({
      where: { graderId: actor.id, copy: { exam: { status: { not: "ARCHIVED" } } } },
      select: { partDoneAt: true, copy: { select: { examId: true, state: true } } },
    });
    const byExam = new Map<string, { assigned: number; done: number }>();
    for (const r of rows) {
      const e = byExam.get(r.copy.examId) ?? { assigned: 0, done: 0 };
      e.assigned++;
      if (myStatus(r.copy.state, r.partDoneAt) !== "todo") e.done++;
      byExam.set(r.copy.examId, e);
    }
    const exams = await this.db.exam.findMany({
      where: { id: { in: [...byExam.keys()] } },
      select: EXAM_SELECT,
      orderBy: [{ examDate: { sort: "desc", nulls: "last" } }, { title: "asc" }],
    });
    return exams.map((e) => {
      const p = byExam.get(e.id)!;
      return { exam: toExamView(e), progress: { done: p.done, total: p.assigned } };
    });
  }

  async copies(actor: Actor, examId: string) {
    authorize(actor, "grader.ownWork");
    const rows = await this.db.assignment.findMany({
      where: { graderId: actor.id, copy: { examId } },
      select: {
        questionIds: true,
        partDoneAt: true,
        copy: {
          select: {
            id: true,
            seq: true,
            variant: true,
            anonymousCode: true,
            state: true,
            _count: { select: { pages: true } },
            lock: { select: { expiresAt: true, holderId: true, holder: { select: { displayName: true } } } },
          },
        },
      },
      orderBy: { copy: { seq: "asc" } },
    });
    const now = Date.now();
    const marks = await graderMarks(
      this.db,
      this.pool,
      examId,
      rows.map(({ copy, questionIds }) => ({ id: copy.id, variant: copy.variant, questionIds })),
    );
    return rows.map(({ copy, questionIds, partDoneAt }) => {
      const status = myStatus(copy.state, partDoneAt);
      const live = copy.lock && copy.lock.expiresAt.getTime() > now ? copy.lock : null;
      return {
        id: copy.id,
        anonymousCode: copy.anonymousCode,
        state: copy.state,
        pageCount: copy._count.pages,
        scope: questionIds.length ? ("questions" as const) : ("copy" as const),
        questionIds,
        myPartDone: status === "partDone",
        myStatus: status,
        /** my range's mark so far (null: nothing scored yet) */
        mark: marks.get(copy.id) ?? null,
        lock: live ? { holderName: live.holder.displayName, mine: live.holderId === actor.id, expiresAt: live.expiresAt.toISOString() } : null,
        pdfUrl: `/api/copies/${copy.id}/pdf`,
      };
    });
  }
}
