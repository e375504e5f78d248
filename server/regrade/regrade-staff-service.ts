// The staff's side of regrade requests: the queue (supervisors and admins: every request of the
// exam; a grader: the requests on copies, or questions, dispatched to them) and the answer — a
// reasoned refusal, or an acceptance that reopens the copy through the ordinary reopen so the
// grader regrades it; the next release resolves it (regrade-resolve.ts). Audited and published.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db, Prisma, RegradeStatus } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import { enqueueRegradeAnswered } from "../notices/regrade-notices.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize, authorizeOrHideAs, can } from "../policy/policy.ts";
import { reopenInTransaction } from "../render/reopen-service.ts";
import { gradersConcerned, publishRegradeChanged } from "./regrade-events.ts";
import type { AnswerRegradeInput } from "../../collab/contract/api/regrade.ts";
import { REGRADE_ROW_SELECT, regradeView, type RegradeStaffView } from "./regrade-view.ts";
import { questionLabels } from "./question-labels.ts";

const STAFF_SELECT = {
  ...REGRADE_ROW_SELECT,
  answeredById: true,
  copy: {
    select: {
      examId: true,
      anonymousCode: true,
      state: true,
      exam: { select: { title: true } },
      student: { select: { userId: true } },
      assignments: { select: { graderId: true, questionIds: true } },
    },
  },
} as const;
type StaffRow = Prisma.RegradeRequestGetPayload<{ select: typeof STAFF_SELECT }>;

export class RegradeStaffService {
  constructor(private readonly db: Db) {}

  /** One exam's requests (examId), or the actor's requests needing attention across exams (null: OPEN and ACCEPTED). */
  async queue(actor: Actor, examId: string | null, statuses?: readonly RegradeStatus[]): Promise<RegradeStaffView[]> {
    authorize(actor, "regrade.queue");
    if (examId && !(await this.db.exam.findUnique({ where: { id: examId }, select: { id: true } }))) throw new AppError("NOT_FOUND", "Exam not found");
    const wanted = statuses?.length ? [...statuses] : examId ? undefined : (["OPEN", "ACCEPTED"] as RegradeStatus[]);
    const where: Prisma.RegradeRequestWhereInput = {
      ...(wanted ? { status: { in: wanted } } : {}),
      ...(examId ? { copy: { examId } } : {}),
      ...(can(actor, "regrade.queueAll") ? {} : { copy: { ...(examId ? { examId } : {}), assignments: { some: { graderId: actor.id } } } }),
    };
    const rows = await this.db.regradeRequest.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 2000, select: STAFF_SELECT });
    const mine = rows.filter((r) => can(actor, "regrade.answer", { graderIds: gradersConcerned(r.copy.assignments, r.questionId) }));
    return this.views(mine);
  }

  async answer(actor: Actor, requestId: string, input: AnswerRegradeInput, audit: AuditContext): Promise<RegradeStaffView> {
    authorize(actor, "regrade.queue");
    const found = await this.db.regradeRequest.findUnique({ where: { id: requestId }, select: STAFF_SELECT });
    const graderIds = found ? gradersConcerned(found.copy.assignments, found.questionId) : [];
    authorizeOrHideAs("Regrade request", actor, "regrade.answer", { graderIds }); // a request a grader is not concerned by answers like a missing one
    const r = found!;
    const status: RegradeStatus = input.decision === "refuse" ? "REFUSED" : "ACCEPTED";
    const answer = input.decision === "refuse" ? input.reason : input.note || null;
    await this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "RegradeRequest" SET status = ${status}::"RegradeStatus", answer = ${answer}, "answeredById" = ${actor.id}::uuid, "answeredAt" = now()
         WHERE id = ${requestId}::uuid AND status = 'OPEN' RETURNING id`;
      if (rows.length === 0) throw new AppError("INVALID_STATE", "This request was already answered or withdrawn");
      if (status === "ACCEPTED") await reopenInTransaction(tx, { copyId: r.copyId, examId: r.copy.examId }, audit, { regradeRequestId: requestId });
      await recordAudit(tx, audit, {
        action: "regrade.answered",
        targetType: "RegradeRequest",
        targetId: requestId,
        details: { copyId: r.copyId, examId: r.copy.examId, questionId: r.questionId, decision: status, answer },
      });
      if (status === "REFUSED" && r.copy.student?.userId) {
        await enqueueRegradeAnswered(tx, {
          userId: r.copy.student.userId,
          requestId,
          copyId: r.copyId,
          examId: r.copy.examId,
          examTitle: r.copy.exam.title,
          marksChanged: false,
          answerKey: "refused",
        });
      }
      await publishRegradeChanged(tx, { examId: r.copy.examId, copyId: r.copyId, requestId, questionId: r.questionId, status, graderIds });
    });
    const [view] = await this.views([await this.db.regradeRequest.findUniqueOrThrow({ where: { id: requestId }, select: STAFF_SELECT })]);
    return view!;
  }

  private async views(rows: StaffRow[]): Promise<RegradeStaffView[]> {
    const labels = await questionLabels(
      this.db,
      rows.map((r) => r.copy.examId),
    );
    const answerers = [...new Set(rows.map((r) => r.answeredById).filter((x): x is string => !!x))];
    const names = new Map(
      (await this.db.user.findMany({ where: { id: { in: answerers } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]),
    );
    return rows.map((r) => ({
      ...regradeView(r, labels),
      examId: r.copy.examId,
      examTitle: r.copy.exam.title,
      anonymousCode: r.copy.anonymousCode,
      copyState: r.copy.state,
      answeredBy: r.answeredById ? (names.get(r.answeredById) ?? null) : null,
    }));
  }
}
