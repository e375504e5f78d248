// Room names and the server → client broadcasts that several handlers share. With the Redis
// adapter, a broadcast reaches the room's sockets on every node; the receiving nodes only
// deliver it (they never store or re-broadcast it), which is what keeps an update single.
import type { GradingNamespace } from "./grading-io.ts";
import type { LockView } from "../grading/lock-service.ts";
import { withBlindMarkers } from "./blind-markers.ts";

export const copyRoom = (copyId: string) => `copy:${copyId}`;
/** The copy of a copy room (`copy:<id>`), null for any other room (a layer's included). */
export const copyOfRoom = (room: string): string | null => (room.startsWith("copy:") && !room.includes("#") ? room.slice(5) : null);
/** a moderation layer's document (copy:<id>#second): its marker and supervisors, never the main room */
export const layerRoom = (copyId: string, layer: string) => `copy:${copyId}#${layer}`;
/** supervisors' dashboards: statistics, locks, progress (exam:watch) */
export const examRoom = (examId: string) => `exam:${examId}`;
/** graders' homes: only `copy:lock` and `copy:state`, nothing about students (exam:follow) */
export const followRoom = (examId: string) => `follow:${examId}`;
/** every socket of one user (joined on connection): what concerns that user only */
export const userRoom = (userId: string) => `user:${userId}`;
/** every socket with a copy of the exam open at a desk: rubric changes and item usage counts (joined on copy:join) */
export const deskRoom = (examId: string) => `desk:${examId}`;
/** every socket with a moderation layer of the exam open: rubric changes only (never item usage, which the main layers feed) */
export const layerDeskRoom = (examId: string) => `desk:${examId}#layers`;
/** the office's scan upload page: `batch:progress` (intake:watch) */
export const intakeRoom = (examId: string) => `intake:${examId}`;

/**
 * `copy:lock` to the copy's room, the exam's dashboards and followers (a socket in several gets it
 * once) — except the copy's blind second markers, who never learn the holder (blind-markers.ts;
 * if they cannot be looked up, the followers are left out rather than risk it).
 */
export function broadcastLock(nsp: GradingNamespace, copyId: string, examId: string, lock: LockView | null): void {
  withBlindMarkers(nsp, copyId, (blind) => {
    const rooms = blind === null ? [copyRoom(copyId), examRoom(examId)] : [copyRoom(copyId), examRoom(examId), followRoom(examId)];
    nsp
      .to(rooms)
      .except((blind ?? []).map(userRoom))
      .emit("copy:lock", { copyId, examId, lock });
  });
}
