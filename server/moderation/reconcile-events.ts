// The live event of reconciliation: published (NOTIFY, in the transaction of the change) when a
// copy's agreed marks change — by a supervisor, by the rule, or a settings change — and forwarded
// as `reconciliation:changed { examId, copyIds }` to the exam's dashboards (realtime/events-forward.ts).
export const RECONCILIATION_EVENT = "reconciliation:changed";

const str = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/** The payload sent to sockets, or null for a malformed event; copyIds null: many copies, reload all. */
export function reconciliationChangedMessage(e: Readonly<Record<string, unknown>>): { examId: string; copyIds: string[] | null } | null {
  if (!str(e.examId)) return null;
  if (e.copyIds === null) return { examId: e.examId, copyIds: null };
  if (!Array.isArray(e.copyIds) || e.copyIds.length > 100 || !e.copyIds.every(str)) return null;
  return { examId: e.examId, copyIds: e.copyIds };
}
