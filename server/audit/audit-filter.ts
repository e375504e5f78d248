// The audit viewer's filters, shared by the list (GET /audit) and the CSV export: by actor (name
// or id), action (prefix), target or copy (its id or its anonymous code, as staff know it), and
// date range.
import { ANONYMOUS_CODE, type AuditFilter } from "../../collab/contract/api/audit.ts";
import type { Db, Prisma } from "../db/client.ts";

export type { AuditFilter } from "../../collab/contract/api/audit.ts";

/** The filter with a copy's anonymous code replaced by its id (null: no such copy, nothing matches). */
export async function resolveCopyCode<F extends AuditFilter>(db: Pick<Db, "copy">, q: F): Promise<F | null> {
  if (!q.copy || !ANONYMOUS_CODE.test(q.copy)) return q;
  const copy = await db.copy.findUnique({ where: { anonymousCode: q.copy }, select: { id: true } });
  return copy ? { ...q, copy: copy.id } : null;
}

/** The text as a literal in a LIKE pattern (contains / startsWith): \\, % and _ lose their meaning. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Matches no event: a copy code that names no copy. */
export const NO_EVENT: Prisma.AuditEventWhereInput = { id: { in: [] } };

export function auditWhere(q: AuditFilter | null): Prisma.AuditEventWhereInput {
  if (!q) return NO_EVENT;
  const targets = [q.target, q.copy].filter((t): t is string => !!t);
  return {
    ...(q.actor ? { actorName: { contains: likeLiteral(q.actor), mode: "insensitive" as const } } : {}),
    ...(q.actorId ? { actorId: q.actorId } : {}),
    ...(q.action ? { action: { startsWith: likeLiteral(q.action) } } : {}),
    // target and copy together can only match when they name the same thing
    ...(targets.length ? { targetId: targets.length === 2 && targets[0] !== targets[1] ? { in: [] } : targets[0]! } : {}),
    ...(q.from || q.to ? { at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } : {}),
  };
}
