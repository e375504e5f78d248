// copy:join, copy:leave, copy:update, copy:awareness (docs/protocol.md).
import { DEFAULT_MAX_UPDATE_BYTES, diffFromState, remoteOrigin, stateVectorOfState } from "../../collab/index.ts";
import { GradingError } from "../grading/grading-error.ts";
import type { Connection } from "./connection.ts";
import { updateCommitDuration, updatesCommitted, updatesRejected } from "../ops/metrics.ts";
import { AwarenessInput } from "../../collab/contract/socket/index.ts";
import { onAckEvent, type AckOut } from "./event-handler.ts";
import type { RealtimeDeps } from "./realtime-deps.ts";
import { joinLayer, leaveLayer, relayLayerAwareness, updateLayer } from "./layer-handlers.ts";
import { acquireLock } from "./lock-handlers.ts";
import { copyRoom, deskRoom } from "./rooms.ts";
import { encodeRoomBytes } from "./room-bytes.ts";

const EMPTY_STATE_VECTOR = new Uint8Array([0]); // Y.encodeStateVector of an empty doc

/** The socket stays in the exam's desk room while it has another copy of the exam open. */
async function leaveDeskRoom(conn: Connection, examId: string): Promise<void> {
  if (![...conn.copies.values()].some((a) => a.examId === examId)) await conn.socket.leave(deskRoom(examId));
}

function observeUpdate(ack: AckOut<"copy:update">, seconds: number): void {
  if (!ack.ok) return void updatesRejected.inc({ code: ack.code });
  if (ack.duplicate) return;
  updatesCommitted.inc();
  updateCommitDuration.observe(seconds);
}

export function registerCopyHandlers(conn: Connection, deps: RealtimeDeps): void {
  const { socket } = conn;
  const { docs, locks } = deps.grading;

  onAckEvent(conn, deps, "copy:join", deps.limits.control, async ({ copyId, stateVector, quiet, layer, lock: wantsLock }) => {
    if (layer) return joinLayer(conn, deps, copyId, layer, stateVector); // a moderation layer: its own room and policy
    const access = await deps.grading.access.access(conn.actor, copyId); // batched with the joins of this moment
    conn.setQuiet(copyId, quiet === true); // before joining the room: a quiet join is never listed
    // join the room BEFORE reading: an update committed after the read is then broadcast to us
    await socket.join([copyRoom(copyId), deskRoom(access.examId)]);
    conn.copies.set(copyId, access);
    let taking: Promise<Awaited<ReturnType<typeof acquireLock>> | null> | null = null;
    try {
      // `lock: true` (the desk opening a copy it may write): the lock is taken while the document is
      // read, instead of in a copy:lock round trip after this answer. A failure here is no join
      // failure: the lock is then reported as it stands and the client asks with copy:lock.
      taking =
        wantsLock && !quiet && access.canWrite && access.state === "READY"
          ? acquireLock(conn, deps, access).catch((err: unknown) => {
              deps.ctx.log.warn({ err, copyId }, "copy:join could not take the lock");
              return null;
            })
          : null;
      const [stored, current, presence, taken] = await Promise.all([
        docs.read(copyId),
        taking ? null : locks.current(copyId),
        deps.presence.of(copyId),
        taking,
      ]);
      const lock = taken ? (taken.ok ? taken.lock : taken.holder) : (current ?? (taking ? await locks.current(copyId) : null));
      const update = diffFromState(stored.state, stateVector ?? EMPTY_STATE_VECTOR);
      return {
        update,
        stateVector: stored.state ? stateVectorOfState(stored.state) : EMPTY_STATE_VECTOR,
        seq: stored.seq,
        lock,
        ...(taken?.ok ? { locked: true as const } : {}),
        presence,
        readOnly: !access.canWrite,
        questionIds: access.questionIds,
      };
    } catch (e) {
      // not joined after all: a lock this join took goes too
      if (taking) void taking.then((t) => t?.ok && deps.grading.leases.connectionLeft(copyId, conn.user.id, socket.id, false));
      conn.copies.delete(copyId);
      await socket.leave(copyRoom(copyId));
      await leaveDeskRoom(conn, access.examId);
      throw e;
    }
  });

  onAckEvent(conn, deps, "copy:leave", deps.limits.control, async ({ copyId, layer }) => {
    if (layer) return leaveLayer(conn, copyId, layer);
    const examId = conn.copies.get(copyId)?.examId;
    conn.copies.delete(copyId);
    conn.setQuiet(copyId, false);
    await socket.leave(copyRoom(copyId));
    if (examId) await leaveDeskRoom(conn, examId);
    deps.grading.leases.connectionLeft(copyId, conn.user.id, socket.id, false); // closing the copy frees its lock now
    return {};
  });

  onAckEvent(
    conn,
    deps,
    "copy:update",
    deps.limits.update,
    async ({ copyId, update, layer }) => {
      if (layer) return updateLayer(conn, deps, copyId, layer, update);
      conn.joined(copyId);
      if (update.byteLength > DEFAULT_MAX_UPDATE_BYTES) {
        throw new GradingError("UPDATE_TOO_LARGE", `update of ${update.byteLength} bytes exceeds ${DEFAULT_MAX_UPDATE_BYTES}`);
      }
      deps.sessions.assertLive(conn); // a revocation heard while this event waited for its budget
      const r = await docs.append({ copyId, update, actor: conn.actor, origin: remoteOrigin(socket.id), sessionId: conn.sessionId });
      if (!r.duplicate) {
        socket.to(copyRoom(copyId)).emit("copy:update", { copyId, update: encodeRoomBytes(update), seq: r.seq });
        deps.progress.note(r.examId, copyId, r.seq, conn.user.id);
        if (r.decided) deps.usage.note(r.examId); // item usage is read from the decisions: a stroke cannot change it
      }
      return { seq: r.seq, ...(r.duplicate ? { duplicate: true } : {}) };
    },
    observeUpdate,
  );

  socket.on("copy:awareness", (payload: unknown) => {
    const input = AwarenessInput.safeParse(payload);
    if (!input.success) return;
    if (input.data.layer) {
      try {
        deps.sessions.assertLive(conn);
      } catch {
        return;
      }
      return relayLayerAwareness(conn, deps, input.data.copyId, input.data.layer, input.data.state);
    }
    if (!conn.copies.has(input.data.copyId) || conn.isQuiet(input.data.copyId)) return;
    try {
      deps.sessions.assertLive(conn);
    } catch {
      return;
    }
    const { copyId, state } = input.data;
    deps.limits.awareness
      .consume(socket.id)
      .then(() =>
        socket.to(copyRoom(copyId)).volatile.emit("copy:awareness", {
          copyId,
          state: encodeRoomBytes(state),
          from: { userId: conn.user.id, displayName: conn.user.displayName, role: conn.user.role },
        }),
      )
      .catch(() => {}); // over budget: dropped, awareness is volatile
  });
}
