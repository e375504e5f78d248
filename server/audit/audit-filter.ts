// The audit viewer's filters, shared by the list (GET /audit) and the CSV export: by actor (name
// or id), action (prefix), target or copy, and date range.
import { z } from "zod";
import type { Prisma } from "../db/client.ts";

export const AuditFilterFields = {
  actor: z.string().max(254).optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(64).optional(),
  target: z.string().max(64).optional(),
  /** a copy's id: the events about that copy */
  copy: z.uuid().optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
};

export const AuditFilter = z.strictObject(AuditFilterFields);
export type AuditFilter = z.infer<typeof AuditFilter>;

export function auditWhere(q: AuditFilter): Prisma.AuditEventWhereInput {
  const targets = [q.target, q.copy].filter((t): t is string => !!t);
  return {
    ...(q.actor ? { actorName: { contains: q.actor, mode: "insensitive" as const } } : {}),
    ...(q.actorId ? { actorId: q.actorId } : {}),
    ...(q.action ? { action: { startsWith: q.action } } : {}),
    // target and copy together can only match when they name the same thing
    ...(targets.length ? { targetId: targets.length === 2 && targets[0] !== targets[1] ? { in: [] } : targets[0]! } : {}),
    ...(q.from || q.to ? { at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } : {}),
  };
}
