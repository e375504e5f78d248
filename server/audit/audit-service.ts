// Append-only audit trail (the table refuses UPDATE and DELETE).
import type { Db, Prisma } from "../db/client.ts";

export interface AuditContext {
  actorId?: string | null;
  actorName?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

type Tx = Pick<Db, "auditEvent">;

export async function recordAudit(db: Tx, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      action: entry.action,
      actorId: ctx.actorId ?? null,
      actorName: ctx.actorName ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: ctx.ip?.slice(0, 64) ?? null,
      userAgent: ctx.userAgent?.slice(0, 400) ?? null,
      details: (entry.details ?? {}) as Prisma.InputJsonValue,
    },
  });
}
