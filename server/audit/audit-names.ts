// Names for the ids an audit page mentions (targets and ids inside details): a copy by its anonymous
// code, an exam by its title, a user by their display name — so the viewer shows words, not UUIDs.
import type { Db } from "../db/client.ts";
import { UUID_PATTERN as UUID } from "../db/uuid-pattern.ts";

function collectIds(value: unknown, into: Set<string>, depth = 0): void {
  if (depth > 4 || value === null || value === undefined) return;
  if (typeof value === "string") {
    if (UUID.test(value)) into.add(value.toLowerCase());
  } else if (Array.isArray(value)) {
    for (const v of value.slice(0, 200)) collectIds(v, into, depth + 1);
  } else if (typeof value === "object") {
    for (const v of Object.values(value)) collectIds(v, into, depth + 1);
  }
}

/** id → name for every copy, exam or user id found in the events' targets and details. */
export async function auditNames(
  db: Pick<Db, "copy" | "exam" | "user">,
  events: ReadonlyArray<{ targetId: string | null; actorId: string | null; details: unknown }>,
): Promise<Record<string, string>> {
  const ids = new Set<string>();
  for (const e of events) collectIds([e.targetId, e.actorId, e.details], ids);
  if (ids.size === 0) return {};
  const list = [...ids];
  const [copies, exams, users] = await Promise.all([
    db.copy.findMany({ where: { id: { in: list } }, select: { id: true, anonymousCode: true } }),
    db.exam.findMany({ where: { id: { in: list } }, select: { id: true, title: true } }),
    db.user.findMany({ where: { id: { in: list } }, select: { id: true, displayName: true } }),
  ]);
  return Object.fromEntries([...copies.map((c) => [c.id, c.anonymousCode]), ...exams.map((e) => [e.id, e.title]), ...users.map((u) => [u.id, u.displayName])]);
}
