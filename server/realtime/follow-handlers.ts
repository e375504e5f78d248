// Live lists that are not dashboards: `exam:follow` (a grader's home: lock and copy-state changes
// of an exam they grade) and `intake:watch` (the office's upload page: batch processing progress).
// Each joins its own room, which receives only those minimal events (rooms.ts, events-forward.ts).
import { assertCanFollowExam } from "../grading/copy-access.ts";
import { assertCanFollowBatches } from "../intake/batch-progress.ts";
import type { Connection } from "./connection.ts";
import { onAckEvent } from "./event-handler.ts";
import type { RealtimeDeps } from "./realtime-deps.ts";
import { followRoom, intakeRoom } from "./rooms.ts";

export function registerFollowHandlers(conn: Connection, deps: RealtimeDeps): void {
  const { socket } = conn;

  onAckEvent(conn, deps, "exam:follow", deps.limits.control, async ({ examId }) => {
    await assertCanFollowExam(deps.ctx.db, conn.actor, examId);
    await socket.join(followRoom(examId));
    return {};
  });

  onAckEvent(conn, deps, "exam:unfollow", deps.limits.control, async ({ examId }) => {
    await socket.leave(followRoom(examId));
    return {};
  });

  onAckEvent(conn, deps, "intake:watch", deps.limits.control, async ({ examId }) => {
    await assertCanFollowBatches(deps.ctx.db, conn.actor, examId);
    await socket.join(intakeRoom(examId));
    return {};
  });

  onAckEvent(conn, deps, "intake:unwatch", deps.limits.control, async ({ examId }) => {
    await socket.leave(intakeRoom(examId));
    return {};
  });
}
