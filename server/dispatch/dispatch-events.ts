// Who was given or lost copies of an exam: NOTIFY korrigo_events inside the dispatch transaction
// (delivered on commit). Each node tells its own sockets of those graders (`grader:assignments`)
// and removes a grader left with no copy of the exam from its live list (events-forward.ts).
import type { Db } from "../db/client.ts";
import { publishEvent } from "../db/events.ts";

export interface DispatchChangedEvent {
  type: "dispatch:changed";
  examId: string;
  /** graders whose copies of the exam changed; null when too many to list (everyone following) */
  graderIds: string[] | null;
  /** graders left with no copy of the exam */
  unassignedIds: string[];
}

/** NOTIFY payloads are capped at 8000 bytes. */
const MAX_PAYLOAD = 7000;

export async function notifyDispatchChanged(tx: Pick<Db, "$executeRaw">, examId: string, before: Set<string>, after: Set<string>): Promise<void> {
  const graderIds = [...new Set([...before, ...after])];
  const unassignedIds = [...before].filter((id) => !after.has(id));
  let event: DispatchChangedEvent = { type: "dispatch:changed", examId, graderIds, unassignedIds };
  if (JSON.stringify(event).length > MAX_PAYLOAD) event = { type: "dispatch:changed", examId, graderIds: null, unassignedIds: [] };
  await publishEvent(tx, event);
}

/** The graders holding at least one copy of the exam. */
export async function gradersOf(tx: Pick<Db, "assignment">, examId: string): Promise<Set<string>> {
  const rows = await tx.assignment.findMany({ where: { copy: { examId } }, distinct: ["graderId"], select: { graderId: true } });
  return new Set(rows.map((r) => r.graderId));
}
