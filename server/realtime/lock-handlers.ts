// copy:lock, copy:unlock, copy:takeover, and the exam dashboards' exam:watch / exam:unwatch.
import { assertCanMonitorExam, type CopyAccess } from "../grading/copy-access.ts";
import type { LockView } from "../grading/lock-service.ts";
import { GradingError } from "../grading/grading-error.ts";
import { AppError } from "../errors/app-error.ts";
import { authorize } from "../policy/policy.ts";
import type { Connection } from "./connection.ts";
import { onAckEvent } from "./event-handler.ts";
import type { RealtimeDeps } from "./realtime-deps.ts";
import { broadcastLock, examRoom } from "./rooms.ts";

/**
 * Takes the lock of a copy this connection may write (READY, dispatched to the user): the lease
 * follows this socket and the copy's room and dashboards hear of it. copy:lock, and copy:join
 * with `lock: true`.
 */
export async function acquireLock(
  conn: Connection,
  deps: RealtimeDeps,
  access: CopyAccess,
): Promise<{ ok: true; lock: LockView } | { ok: false; holder: LockView }> {
  const { locks, leases } = deps.grading;
  const r = await locks.acquire(access.copyId, { userId: conn.user.id, sessionId: conn.sessionId });
  if (!r.ok) return r;
  leases.hold(access.copyId, access.examId, conn.user.id, conn.socket.id);
  conn.setQuiet(access.copyId, false); // a copy joined ahead (quiet) and now locked: presence lists this socket on it
  broadcastLock(deps.nsp, access.copyId, access.examId, r.lock);
  return r;
}

export function registerLockHandlers(conn: Connection, deps: RealtimeDeps): void {
  const { socket } = conn;
  const { locks, leases } = deps.grading;
  const holder = () => ({ userId: conn.user.id, sessionId: conn.sessionId });

  onAckEvent(conn, deps, "copy:lock", deps.limits.control, async ({ copyId, layer }) => {
    if (layer) throw new AppError("BAD_REQUEST", "A moderation layer has no lock: its marker alone writes it");
    conn.joined(copyId);
    const access = await deps.grading.access.access(conn.actor, copyId); // fresh (a batch never shares an earlier read): state and dispatch may have changed since the join
    conn.copies.set(copyId, access);
    if (access.state !== "READY") throw new GradingError("COPY_READ_ONLY", `The copy is ${access.state}: it can no longer be changed`, { state: access.state });
    if (!access.canWrite) throw new AppError("FORBIDDEN", "This copy is not dispatched to you for grading");
    const r = await acquireLock(conn, deps, access);
    if (!r.ok) throw new GradingError("LOCKED", `${r.holder.holder.displayName} is grading this copy`, { holder: r.holder.holder, lock: r.holder });
    return { lock: r.lock };
  });

  onAckEvent(conn, deps, "copy:unlock", deps.limits.control, async ({ copyId, layer }) => {
    if (layer) throw new AppError("BAD_REQUEST", "A moderation layer has no lock: its marker alone writes it");
    const access = conn.joined(copyId);
    const released = await locks.release(copyId, conn.user.id);
    leases.forget(copyId, conn.user.id);
    if (released) broadcastLock(deps.nsp, copyId, access.examId, null);
    return { lock: released ? null : await locks.current(copyId) };
  });

  onAckEvent(conn, deps, "copy:takeover", deps.limits.control, async ({ copyId, layer }) => {
    if (layer) throw new AppError("BAD_REQUEST", "A moderation layer has no lock: its marker alone writes it");
    const access = conn.joined(copyId);
    authorize(conn.actor, "copy.takeover");
    const audit = {
      actorId: conn.user.id,
      actorName: conn.user.displayName,
      ip: socket.handshake.address,
      userAgent: socket.handshake.headers["user-agent"] ?? null,
    };
    const r = await locks.takeover(copyId, holder(), audit);
    if (r.previous && r.previous.holder.id !== conn.user.id) leases.forget(copyId, r.previous.holder.id);
    leases.hold(copyId, access.examId, conn.user.id, socket.id);
    broadcastLock(deps.nsp, copyId, access.examId, r.lock);
    return { lock: r.lock, previous: r.previous };
  });

  onAckEvent(conn, deps, "exam:watch", deps.limits.control, async ({ examId }) => {
    await assertCanMonitorExam(deps.ctx.db, conn.actor, examId);
    await socket.join(examRoom(examId));
    return {};
  });

  onAckEvent(conn, deps, "exam:unwatch", deps.limits.control, async ({ examId }) => {
    await socket.leave(examRoom(examId));
    return {};
  });
}
