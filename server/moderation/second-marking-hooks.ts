// What follows a change of second markings or of a double-marked copy's first marking, inside the
// transaction that made it: a marking became DONE or was withdrawn, its copy was reopened or
// finalized again. The reconciliation is refreshed from both layers' decisions (the automatic
// agreements recomputed, a supervisor's decision kept unless the marks it was made on moved).
// Lock order: the caller holds the Copy row (and the SecondMarking row), the refresh then takes
// the SecondMarking rows and the reconciliation rows — the order a supervisor's decision takes them.
import type { Queryable } from "../grading/sql.ts";
import { refreshReconciliations } from "./reconcile-refresh.ts";

export async function afterSecondMarkingChange(q: Queryable, copyIds: string[]): Promise<void> {
  await refreshReconciliations(q, copyIds);
}
