// Audit rows written on the reconciliation's own pg transaction (the decision and its record commit together).
import type { AuditContext } from "../audit/audit-service.ts";
import type { Queryable } from "../grading/sql.ts";

export async function auditOn(
  q: Queryable,
  ctx: AuditContext,
  action: string,
  targetType: string,
  targetId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await q.query(
    `INSERT INTO "AuditEvent" ("actorId", "actorName", action, "targetType", "targetId", ip, "userAgent", details) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [
      ctx.actorId ?? null,
      ctx.actorName ?? null,
      action,
      targetType,
      targetId,
      ctx.ip?.slice(0, 64) ?? null,
      ctx.userAgent?.slice(0, 400) ?? null,
      JSON.stringify(details),
    ],
  );
}

/** NOTIFY on the transaction: delivered on commit, never for a rolled-back change. */
export async function notifyOn(q: Queryable, event: Record<string, unknown>): Promise<void> {
  await q.query(`SELECT 1 FROM (SELECT pg_notify('korrigo_events', $1)) n`, [JSON.stringify(event)]);
}
