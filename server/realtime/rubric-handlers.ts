// `rubric:usage`: a desk asks how many copies each rubric item of the exam is applied on (then
// fresh counts arrive as pushes, rubric-usage.ts). Staff of the exam and its dispatched graders.
import { assertCanFollowExam } from "../grading/copy-access.ts";
import type { Connection } from "./connection.ts";
import { onAckEvent } from "./event-handler.ts";
import type { RealtimeDeps } from "./realtime-deps.ts";
import { itemUsage } from "./rubric-usage.ts";

export function registerRubricHandlers(conn: Connection, deps: RealtimeDeps): void {
  onAckEvent(conn, deps, "rubric:usage", deps.limits.control, async ({ examId }) => {
    await assertCanFollowExam(deps.ctx.db, conn.actor, examId);
    return { examId, usage: await itemUsage(deps.ctx.pool, examId) };
  });
}
