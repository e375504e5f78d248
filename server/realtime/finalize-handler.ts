// copy:finalize — the socket twin of POST /api/copies/:id/finalize (same use case, same rules).
import { finalizeCopy } from "../render/finalize-service.ts";
import type { Connection } from "./connection.ts";
import { finalizeLayer } from "./layer-handlers.ts";
import { onAckEvent } from "./event-handler.ts";
import type { RealtimeDeps } from "./realtime-deps.ts";
import { broadcastLock, copyRoom } from "./rooms.ts";

export function registerFinalizeHandler(conn: Connection, deps: RealtimeDeps): void {
  const { socket } = conn;
  onAckEvent(conn, deps, "copy:finalize", deps.limits.control, async ({ copyId, layer }) => {
    if (layer) return finalizeLayer(conn, deps, copyId, layer); // the second marker's layer: its own finalize
    const result = await finalizeCopy(deps.ctx.db, conn.actor, copyId, {
      actorId: conn.user.id,
      actorName: conn.user.displayName,
      ip: socket.handshake.address,
      userAgent: socket.handshake.headers["user-agent"] ?? null,
    });
    if (!result.alreadyFinalized) {
      const copy = await deps.ctx.db.copy.findUnique({ where: { id: copyId }, select: { examId: true } });
      // finalize deleted the lock in its transaction: everyone on the copy becomes read-only
      if (copy) broadcastLock(deps.nsp, copyId, copy.examId, null);
      socket.to(copyRoom(copyId)).emit("copy:state", { copyId, state: result.state });
    }
    return { ...result };
  });
}
