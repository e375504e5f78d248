// Room names and the server → client broadcasts that several handlers share. With the Redis
// adapter, a broadcast reaches the room's sockets on every node; the receiving nodes only
// deliver it (they never store or re-broadcast it), which is what keeps an update single.
import type { Namespace } from "socket.io";
import type { LockView } from "../grading/lock-service.ts";

export const copyRoom = (copyId: string) => `copy:${copyId}`;
export const examRoom = (examId: string) => `exam:${examId}`;

/** `copy:lock` to the copy's room and the exam's dashboards (a socket in both gets it once). */
export function broadcastLock(nsp: Namespace, copyId: string, examId: string, lock: LockView | null): void {
  nsp.to([copyRoom(copyId), examRoom(examId)]).emit("copy:lock", { copyId, examId, lock });
}
