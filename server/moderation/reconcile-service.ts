// Reconciliation use cases behind the routes: authorization first, then the reads, the decision
// and the exam's settings (tolerance, rule: changing them re-runs the automatic agreement).
import type pg from "pg";
import type { AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { agreementReport, type AgreementReport } from "./agreement-report.ts";
import { auditOn } from "./moderation-audit.ts";
import { inTransaction } from "./pg-transaction.ts";
import { decideQuestion } from "./reconcile-decide.ts";
import { refreshExamReconciliations } from "./reconcile-refresh.ts";
import type { DecideInput, SettingsInput } from "../../collab/contract/api/moderation.ts";
import { copyReconciliation, examSettings, listReconciliations, type CopyReconciliation } from "./reconcile-view.ts";

export class ReconcileService {
  constructor(
    private readonly db: Db,
    private readonly pool: pg.Pool,
  ) {}

  async list(actor: Actor, examId: string) {
    authorize(actor, "moderation.view");
    return listReconciliations(this.pool, examId);
  }

  async copy(actor: Actor, copyId: string): Promise<CopyReconciliation> {
    authorize(actor, "moderation.view");
    return copyReconciliation(this.db, this.pool, copyId);
  }

  async decide(actor: Actor, ctx: AuditContext, copyId: string, questionId: string, input: DecideInput): Promise<CopyReconciliation> {
    authorize(actor, "moderation.reconcile");
    await inTransaction(this.pool, (q) => decideQuestion(q, actor.id, ctx, copyId, questionId, input));
    return copyReconciliation(this.db, this.pool, copyId);
  }

  async agreement(actor: Actor, examId: string): Promise<AgreementReport> {
    authorize(actor, "moderation.view");
    return agreementReport(this.db, this.pool, examId);
  }

  async updateSettings(actor: Actor, ctx: AuditContext, examId: string, input: SettingsInput) {
    authorize(actor, "moderation.settings");
    await inTransaction(this.pool, async (q) => {
      const before = await examSettings(q, examId);
      await q.query(`SELECT id FROM "Exam" WHERE id = $1::uuid FOR UPDATE`, [examId]);
      await q.query(`UPDATE "Exam" SET "moderationTolerance" = $2, "moderationRule" = $3::"ModerationRule" WHERE id = $1::uuid`, [
        examId,
        input.tolerance,
        input.rule,
      ]);
      await auditOn(q, ctx, "moderation.settings", "exam", examId, { before: { tolerance: before.tolerance, rule: before.rule }, after: input });
      await refreshExamReconciliations(q, examId);
    });
    return listReconciliations(this.pool, examId);
  }
}
