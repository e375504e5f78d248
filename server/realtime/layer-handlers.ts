// The layer variants of copy:join / copy:leave / copy:update / copy:awareness / copy:finalize
// (payload with layer: "second"): a moderation layer is a document of its own, in its own room
// (copy:<id>#second). Its marker and supervisors join it; the main room, lock and presence of
// the copy are never part of a layer's answers (docs/moderation.md, docs/protocol.md).
import { DEFAULT_MAX_UPDATE_BYTES, diffFromState, remoteOrigin, stateVectorOfState } from "../../collab/index.ts";
import { GradingError } from "../grading/grading-error.ts";
import { notFound } from "../errors/app-error.ts";
import { appendLayerUpdate } from "../moderation/layer-store.ts";
import { readLayerState } from "../moderation/layer-rows.ts";
import { finalizeSecondMarking } from "../moderation/second-marking-service.ts";
import { can } from "../policy/policy.ts";
import type { AckFieldsIn, Layer } from "../../collab/contract/socket/index.ts";
import type { Connection } from "./connection.ts";
import type { RealtimeDeps } from "./realtime-deps.ts";
import { layerDeskRoom, layerRoom } from "./rooms.ts";
import { encodeRoomBytes } from "./room-bytes.ts";

const EMPTY_STATE_VECTOR = new Uint8Array([0]);

export async function joinLayer(
  conn: Connection,
  deps: RealtimeDeps,
  copyId: string,
  layer: Layer,
  stateVector: Uint8Array | undefined,
): Promise<AckFieldsIn<"copy:join">> {
  const rows = await deps.ctx.pool.query<{ examId: string; markerId: string | null; status: string | null }>(
    `SELECT c."examId", m."markerId", m.status::text AS status FROM "Copy" c LEFT JOIN "SecondMarking" m ON m."copyId" = c.id WHERE c.id = $1::uuid`,
    [copyId],
  );
  const row = rows.rows[0];
  const marking = { markerId: row?.markerId ?? null, status: (row?.status ?? null) as "WAITING" | "GRADING" | "DONE" | "CANCELLED" | null };
  if (!row || !can(conn.actor, "layer.view", marking)) throw notFound("Copy"); // exactly like a missing copy
  const room = layerRoom(copyId, layer);
  await conn.socket.join([room, layerDeskRoom(row.examId)]); // before reading: an update committed after the read reaches us
  const canWrite = can(conn.actor, "layer.write", marking);
  conn.layers.set(copyId, { layer, examId: row.examId, canWrite });
  try {
    const stored = await readLayerState(deps.ctx.pool, copyId, layer);
    return {
      layer,
      update: diffFromState(stored.state, stateVector ?? EMPTY_STATE_VECTOR),
      stateVector: stored.state ? stateVectorOfState(stored.state) : EMPTY_STATE_VECTOR,
      seq: stored.seq,
      lock: null, // a layer has one writer: no lock, and never the main copy's holder
      presence: [],
      readOnly: !canWrite,
      questionIds: null,
    };
  } catch (e) {
    conn.layers.delete(copyId);
    await conn.socket.leave(room);
    throw e;
  }
}

export async function leaveLayer(conn: Connection, copyId: string, layer: Layer): Promise<AckFieldsIn<"copy:leave">> {
  const examId = conn.layers.get(copyId)?.examId;
  conn.layers.delete(copyId);
  await conn.socket.leave(layerRoom(copyId, layer));
  if (examId && ![...conn.layers.values()].some((l) => l.examId === examId)) await conn.socket.leave(layerDeskRoom(examId));
  return {};
}

function joinedLayer(conn: Connection, copyId: string, layer: Layer) {
  const joined = conn.layers.get(copyId);
  if (!joined || joined.layer !== layer) throw new GradingError("NOT_JOINED", "Join the layer first (copy:join with its layer)");
  return joined;
}

export async function updateLayer(conn: Connection, deps: RealtimeDeps, copyId: string, layer: Layer, update: Uint8Array): Promise<AckFieldsIn<"copy:update">> {
  joinedLayer(conn, copyId, layer);
  if (update.byteLength > DEFAULT_MAX_UPDATE_BYTES)
    throw new GradingError("UPDATE_TOO_LARGE", `update of ${update.byteLength} bytes exceeds ${DEFAULT_MAX_UPDATE_BYTES}`);
  deps.sessions.assertLive(conn);
  const r = await appendLayerUpdate(deps.ctx.pool, {
    copyId,
    layer,
    update,
    actor: conn.actor,
    origin: remoteOrigin(conn.socket.id),
    sessionId: conn.sessionId,
  }); // rights checked again under the row locks
  if (!r.duplicate) conn.socket.to(layerRoom(copyId, layer)).emit("copy:update", { copyId, layer, update: encodeRoomBytes(update), seq: r.seq });
  return { seq: r.seq, ...(r.duplicate ? { duplicate: true as const } : {}) };
}

export function relayLayerAwareness(conn: Connection, deps: RealtimeDeps, copyId: string, layer: Layer, state: Uint8Array): void {
  if (conn.layers.get(copyId)?.layer !== layer) return;
  deps.limits.awareness
    .consume(conn.socket.id)
    .then(() =>
      conn.socket.to(layerRoom(copyId, layer)).volatile.emit("copy:awareness", {
        copyId,
        layer,
        state: encodeRoomBytes(state),
        from: { userId: conn.user.id, displayName: conn.user.displayName, role: conn.user.role },
      }),
    )
    .catch(() => {});
}

export async function finalizeLayer(conn: Connection, deps: RealtimeDeps, copyId: string, layer: Layer): Promise<AckFieldsIn<"copy:finalize">> {
  if (layer !== "second") throw notFound("Copy");
  const result = await finalizeSecondMarking(deps.ctx.db, conn.actor, copyId, {
    actorId: conn.user.id,
    actorName: conn.user.displayName,
    ip: conn.socket.handshake.address,
    userAgent: conn.socket.handshake.headers["user-agent"] ?? null,
  });
  const joined = conn.layers.get(copyId);
  if (joined) joined.canWrite = false;
  if (!result.alreadyFinalized) conn.socket.to(layerRoom(copyId, layer)).emit("copy:state", { copyId, layer, state: "GRADED" });
  return { ...result };
}
