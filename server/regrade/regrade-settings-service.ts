// An exam's regrade settings: the window (days after a copy's release; null = no requests) and the
// cap per student. Supervisors and the office set them, audited.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import type { RegradeSettings } from "../../collab/contract/api/regrade.ts";

export async function getRegradeSettings(db: Db, actor: Actor, examId: string): Promise<RegradeSettings> {
  authorize(actor, "regrade.configure");
  const exam = await db.exam.findUnique({ where: { id: examId }, select: { regradeWindowDays: true, regradeMaxPerStudent: true } });
  if (!exam) throw new AppError("NOT_FOUND", "Exam not found");
  return { windowDays: exam.regradeWindowDays, maxPerStudent: exam.regradeMaxPerStudent };
}

export async function setRegradeSettings(db: Db, actor: Actor, examId: string, input: RegradeSettings, audit: AuditContext): Promise<RegradeSettings> {
  authorize(actor, "regrade.configure");
  return db.$transaction(async (tx) => {
    const before = await tx.exam.findUnique({ where: { id: examId }, select: { regradeWindowDays: true, regradeMaxPerStudent: true } });
    if (!before) throw new AppError("NOT_FOUND", "Exam not found");
    await tx.exam.update({ where: { id: examId }, data: { regradeWindowDays: input.windowDays, regradeMaxPerStudent: input.maxPerStudent } });
    await recordAudit(tx, audit, {
      action: "exam.regrade_settings",
      targetType: "Exam",
      targetId: examId,
      details: { before: { windowDays: before.regradeWindowDays, maxPerStudent: before.regradeMaxPerStudent }, after: input },
    });
    return { windowDays: input.windowDays, maxPerStudent: input.maxPerStudent };
  });
}
