// A regrade request was opened, answered, withdrawn or resolved: published on the events channel
// inside the transaction of the change; the socket layer forwards `regrade:changed` to the exam's
// dashboards and to the graders concerned (server/realtime/events-forward.ts).
import type { Db } from "../db/client.ts";
import { publishEvent } from "../db/events.ts";

export interface RegradeChangedEvent {
  type: "regrade.changed";
  examId: string;
  copyId: string;
  requestId: string;
  questionId: string;
  status: string;
  /** graders the copy (or that question) is dispatched to */
  graderIds: string[];
}

export async function publishRegradeChanged(tx: Pick<Db, "$executeRaw">, e: Omit<RegradeChangedEvent, "type">): Promise<void> {
  const event: RegradeChangedEvent = { type: "regrade.changed", ...e, graderIds: e.graderIds.slice(0, 100) };
  await publishEvent(tx, event);
}

/** The graders concerned by a request on `questionId`: whole-copy dispatches, and ranges holding the question. */
export function gradersConcerned(assignments: ReadonlyArray<{ graderId: string; questionIds: readonly string[] }>, questionId: string): string[] {
  return assignments.filter((a) => a.questionIds.length === 0 || a.questionIds.includes(questionId)).map((a) => a.graderId);
}
