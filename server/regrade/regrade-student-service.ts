// The student's side of regrade requests: ask about one question of one's own released copy within
// the exam's window, list one's requests, withdraw an open one. Another student's copy, an
// unreleased one and a missing one all answer the same 404; every change is audited and published.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize, authorizeOrHide, authorizeOrHideAs } from "../policy/policy.ts";
import { gradersConcerned, publishRegradeChanged } from "./regrade-events.ts";
import type { CreateRegradeInput } from "../../collab/contract/api/regrade.ts";
import { REGRADE_ROW_SELECT, regradeView, type RegradeView } from "./regrade-view.ts";
import { questionLabels } from "./question-labels.ts";

const DAY_MS = 86_400_000;

export interface RegradeWindow {
  /** the student may open a request now */
  readonly open: boolean;
  /** when the window closes (null: the exam takes no requests) */
  readonly closesAt: string | null;
  readonly max: number;
  /** requests the student may still open on this exam */
  readonly remaining: number;
}

const COPY_SELECT = {
  id: true,
  examId: true,
  state: true,
  docHash: true,
  releasedAt: true,
  studentId: true,
  student: { select: { userId: true } },
  exam: { select: { title: true, regradeWindowDays: true, regradeMaxPerStudent: true } },
  releasedVersions: { orderBy: { number: "desc" }, take: 1, select: { number: true, releasedAt: true } },
  assignments: { select: { graderId: true, questionIds: true } },
} as const;

export class RegradeStudentService {
  constructor(private readonly db: Db) {}

  async list(actor: Actor, copyId: string): Promise<{ requests: RegradeView[]; window: RegradeWindow }> {
    const copy = await this.ownCopy(actor, copyId);
    const rows = await this.db.regradeRequest.findMany({ where: { copyId }, orderBy: { createdAt: "desc" }, select: REGRADE_ROW_SELECT });
    const labels = await questionLabels(this.db, [copy.examId]);
    return { requests: rows.map((r) => regradeView(r, labels)), window: await this.window(copy) };
  }

  async create(actor: Actor, copyId: string, input: CreateRegradeInput, audit: AuditContext): Promise<RegradeView> {
    const copy = await this.ownCopy(actor, copyId);
    const w = await this.window(copy);
    if (!w.closesAt) throw new AppError("REGRADE_CLOSED", "This exam takes no regrade requests");
    if (Date.now() > Date.parse(w.closesAt)) throw new AppError("REGRADE_CLOSED", "The time for regrade requests is over", { closesAt: w.closesAt });
    const question = await this.db.scaleNode.findFirst({
      where: { id: input.questionId, examId: copy.examId, maxPoints: { not: null } },
      select: { id: true },
    });
    if (!question) throw new AppError("UNKNOWN_QUESTION", "No such question on this copy");
    const labels = await questionLabels(this.db, [copy.examId]);
    const row = await this.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Copy" WHERE id = ${copyId}::uuid FOR UPDATE`; // one request at a time per copy: the checks below hold
      const pending = await tx.regradeRequest.count({ where: { copyId, questionId: input.questionId, status: { in: ["OPEN", "ACCEPTED"] } } });
      if (pending > 0) throw new AppError("REGRADE_DUPLICATE", "A request on this question is already being handled");
      const used = await tx.regradeRequest.count({ where: { copyId, status: { not: "WITHDRAWN" } } });
      if (used >= copy.exam.regradeMaxPerStudent)
        throw new AppError("REGRADE_CAP_REACHED", `At most ${copy.exam.regradeMaxPerStudent} requests on this exam`, { max: copy.exam.regradeMaxPerStudent });
      const created = await tx.regradeRequest.create({
        data: { copyId, questionId: input.questionId, studentId: copy.studentId!, message: input.message, fromVersion: copy.releasedVersions[0]?.number ?? 0 },
        select: REGRADE_ROW_SELECT,
      });
      await recordAudit(tx, audit, {
        action: "regrade.requested",
        targetType: "RegradeRequest",
        targetId: created.id,
        details: { copyId, examId: copy.examId, questionId: input.questionId, fromVersion: created.fromVersion, length: input.message.length },
      });
      await publishRegradeChanged(tx, {
        examId: copy.examId,
        copyId,
        requestId: created.id,
        questionId: input.questionId,
        status: created.status,
        graderIds: gradersConcerned(copy.assignments, input.questionId),
      });
      return created;
    });
    return regradeView(row, labels);
  }

  async withdraw(actor: Actor, requestId: string, audit: AuditContext): Promise<RegradeView> {
    authorize(actor, "regrade.request");
    const found = await this.db.regradeRequest.findUnique({
      where: { id: requestId },
      select: { copy: { select: { examId: true, student: { select: { userId: true } }, assignments: { select: { graderId: true, questionIds: true } } } } },
    });
    authorizeOrHideAs("Regrade request", actor, "regrade.own", { ownerUserId: found?.copy.student?.userId ?? null });
    const { examId, assignments } = found!.copy;
    const row = await this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<
        { id: string }[]
      >`UPDATE "RegradeRequest" SET status = 'WITHDRAWN' WHERE id = ${requestId}::uuid AND status = 'OPEN' RETURNING id`;
      if (rows.length === 0) throw new AppError("INVALID_STATE", "Only an open request can be withdrawn");
      const r = await tx.regradeRequest.findUniqueOrThrow({ where: { id: requestId }, select: REGRADE_ROW_SELECT });
      await recordAudit(tx, audit, {
        action: "regrade.withdrawn",
        targetType: "RegradeRequest",
        targetId: requestId,
        details: { copyId: r.copyId, examId, questionId: r.questionId },
      });
      await publishRegradeChanged(tx, {
        examId,
        copyId: r.copyId,
        requestId,
        questionId: r.questionId,
        status: r.status,
        graderIds: gradersConcerned(assignments, r.questionId),
      });
      return r;
    });
    return regradeView(row, await questionLabels(this.db, [examId]));
  }

  /** The student's own released copy, or the 404 of a missing copy. */
  private async ownCopy(actor: Actor, copyId: string) {
    authorize(actor, "regrade.request");
    const c = await this.db.copy.findUnique({ where: { id: copyId }, select: COPY_SELECT });
    const shown = !!c && (c.releasedVersions.length > 0 || (c.state === "GRADED" && c.docHash !== null));
    authorizeOrHide(actor, "portal.viewCopy", { ownerUserId: c?.student?.userId ?? null, releasedAt: c?.releasedAt ?? null, hasReleasedVersion: shown });
    if (!c?.studentId) throw notFound("Copy");
    return c;
  }

  /** The window runs from the release of the version the student sees (a regrade's new version opens it again, within the cap). */
  private async window(c: {
    id: string;
    releasedAt: Date | null;
    exam: { regradeWindowDays: number | null; regradeMaxPerStudent: number };
    releasedVersions: ReadonlyArray<{ releasedAt: Date }>;
  }): Promise<RegradeWindow> {
    const used = await this.db.regradeRequest.count({ where: { copyId: c.id, status: { not: "WITHDRAWN" } } });
    const remaining = Math.max(0, c.exam.regradeMaxPerStudent - used);
    const from = c.releasedVersions[0]?.releasedAt ?? c.releasedAt;
    if (c.exam.regradeWindowDays === null || !from) return { open: false, closesAt: null, max: c.exam.regradeMaxPerStudent, remaining };
    const closesAt = new Date(from.getTime() + c.exam.regradeWindowDays * DAY_MS);
    return { open: Date.now() <= closesAt.getTime() && remaining > 0, closesAt: closesAt.toISOString(), max: c.exam.regradeMaxPerStudent, remaining };
  }
}
