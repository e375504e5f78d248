// Exams: create, list, read, edit, archive. Anonymous codes get a fresh 4-hex prefix per exam.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { withFreshCodePrefix } from "./anonymous-code.ts";
import type { CreateExamInput, UpdateExamInput } from "../../collab/contract/api/exams.ts";
import { findEditableExam, findExam } from "./exam-lookup.ts";
import { EXAM_SELECT, toExamView, type ExamView } from "./exam-view.ts";

export interface CopyCounts {
  total: number;
  byState: Record<string, number>;
}

export interface ExamListItem extends ExamView {
  copies: CopyCounts;
}

export interface ExamSummary extends ExamListItem {
  batches: number;
}

export class ExamService {
  constructor(private readonly db: Db) {}

  /** The exams with their copy counts by state (one grouped query, not one request per exam). */
  async list(actor: Actor, archived: "true" | "false" | "all"): Promise<ExamListItem[]> {
    authorize(actor, "exam.list");
    const where = archived === "all" ? {} : archived === "true" ? { status: "ARCHIVED" as const } : { status: { not: "ARCHIVED" as const } };
    const rows = await this.db.exam.findMany({ where, select: EXAM_SELECT, orderBy: [{ examDate: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }] });
    const states = rows.length
      ? await this.db.copy.groupBy({ by: ["examId", "state"], where: { examId: { in: rows.map((r) => r.id) } }, _count: { _all: true } })
      : [];
    const counts = new Map<string, CopyCounts>();
    for (const s of states) {
      const c = counts.get(s.examId) ?? { total: 0, byState: {} };
      c.byState[s.state] = s._count._all;
      c.total += s._count._all;
      counts.set(s.examId, c);
    }
    return rows.map((r) => ({ ...toExamView(r), copies: counts.get(r.id) ?? { total: 0, byState: {} } }));
  }

  async get(actor: Actor, id: string): Promise<ExamSummary> {
    authorize(actor, "exam.read");
    const exam = await findExam(this.db, id);
    const [states, batches] = await Promise.all([
      this.db.copy.groupBy({ by: ["state"], where: { examId: id }, _count: { _all: true } }),
      this.db.scanBatch.count({ where: { examId: id } }),
    ]);
    const byState = Object.fromEntries(states.map((s) => [s.state, s._count._all]));
    const total = states.reduce((n, s) => n + s._count._all, 0);
    return { ...toExamView(exam), copies: { total, byState }, batches };
  }

  async create(actor: Actor, input: CreateExamInput, ctx: AuditContext): Promise<ExamView> {
    authorize(actor, "exam.create");
    return withFreshCodePrefix((codePrefix) =>
      this.db.$transaction(async (tx) => {
        const exam = await tx.exam.create({
          data: { title: input.title, subject: input.subject ?? null, examDate: input.examDate ?? null, codePrefix, createdById: actor.id },
          select: EXAM_SELECT,
        });
        await recordAudit(tx, ctx, { action: "exam.created", targetType: "exam", targetId: exam.id, details: { title: exam.title } });
        return toExamView(exam);
      }),
    );
  }

  async update(actor: Actor, id: string, input: UpdateExamInput, ctx: AuditContext): Promise<ExamView> {
    authorize(actor, "exam.update");
    return this.db.$transaction(async (tx) => {
      await findEditableExam(tx, id);
      const exam = await tx.exam.update({ where: { id }, data: input, select: EXAM_SELECT });
      await recordAudit(tx, ctx, { action: "exam.updated", targetType: "exam", targetId: id, details: { fields: Object.keys(input) } });
      return toExamView(exam);
    });
  }

  async setArchived(actor: Actor, id: string, archived: boolean, ctx: AuditContext): Promise<ExamView> {
    authorize(actor, "exam.archive");
    return this.db.$transaction(async (tx) => {
      const current = await findExam(tx, id);
      if ((current.status === "ARCHIVED") === archived)
        throw new AppError("INVALID_STATE", archived ? "This exam is already archived" : "This exam is not archived");
      const exam = await tx.exam.update({
        where: { id },
        data: archived ? { status: "ARCHIVED", archivedAt: new Date() } : { status: "ACTIVE", archivedAt: null },
        select: EXAM_SELECT,
      });
      await recordAudit(tx, ctx, { action: archived ? "exam.archived" : "exam.unarchived", targetType: "exam", targetId: id });
      return toExamView(exam);
    });
  }
}
