// What follows a change of second markings, inside the transaction that made it: a marking became
// DONE, was withdrawn, its copy was reopened, or a commit changed the decisions of a DONE marking.
import type { Queryable } from "../grading/sql.ts";

export async function afterSecondMarkingChange(_q: Queryable, _copyIds: string[]): Promise<void> {
  // the reconciliation refresh (server/moderation/reconcile-*.ts) is wired here at merge
}
