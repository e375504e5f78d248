// Socket.IO on the HTTP server's port, namespace /grading (protocol: docs/protocol.md).
import type http from "node:http";
import { Server } from "socket.io";
import { type ClientToServerEvents, MAX_FRAME_BYTES, type ServerToClientEvents } from "../../collab/contract/socket/index.ts";
import type { AppContext } from "../context.ts";
import { ClaimService } from "../grading/claim-service.ts";
import { revocationOf } from "../auth/session-revocations.ts";
import { createGradingServices } from "../grading/grading-services.ts";
import { corkWebSocketFlushes } from "./corked-websocket.ts";
import { countRoomsWith, countValidatedWith, socketsConnected } from "../ops/metrics.ts";
import { Connection, type SocketData } from "./connection.ts";
import type { GradingServer } from "./grading-io.ts";
import { registerCopyHandlers } from "./copy-handlers.ts";
import { createEventLimits } from "./event-limits.ts";
import { forwardEvents } from "./events-forward.ts";
import { listenToEvents, type EventsListener } from "./events-listener.ts";
import { ExamProgress } from "./exam-progress.ts";
import { handshake } from "./handshake.ts";
import { InFlight } from "../ops/in-flight.ts";
import { Presence } from "./presence.ts";
import { registerFinalizeHandler } from "./finalize-handler.ts";
import { registerFollowHandlers } from "./follow-handlers.ts";
import { registerLockHandlers } from "./lock-handlers.ts";
import { ConnectionClaims, keepClaims, registerQuestionHandlers, releaseConnectionClaims } from "./question-handlers.ts";
import { registerRubricHandlers } from "./rubric-handlers.ts";
import { RubricUsagePush } from "./rubric-usage.ts";
import type { RealtimeDeps } from "./realtime-deps.ts";
import { useRedisAdapter } from "./redis-adapter.ts";
import { broadcastLock, copyOfRoom, userRoom } from "./rooms.ts";
import { SessionWatch } from "./session-watch.ts";
import { useBlindMarkers } from "./blind-markers.ts";

export interface Realtime {
  readonly io: GradingServer;
  /** this node's one LISTEN on korrigo_events, shared by every live push */
  readonly events: EventsListener;
  /** the commit lanes connected and their statements prepared, before the node listens */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

/** How long a shutdown waits for the events in flight to answer (the process gives up after 10 s). */
const DRAIN_MS = 5_000;

export function attachRealtime(httpServer: http.Server, ctx: AppContext): Realtime {
  corkWebSocketFlushes();
  const io: GradingServer = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    pingInterval: 10_000, // a half-open connection is noticed within ~20 s, so its lock enters the grace period
    pingTimeout: 10_000,
  });
  const redis = ctx.redis ? useRedisAdapter(io, ctx.redis, ctx.databaseUrl, ctx.log) : null;
  const nsp = io.of("/grading");
  useBlindMarkers(nsp, ctx.pool);
  const connections = new Map<string, Connection>();
  const grading = createGradingServices(ctx, {
    onLockReleased: (copyId, examId) => broadcastLock(nsp, copyId, examId, null),
    onLockLost: (copyId, examId) => {
      grading.locks.current(copyId).then(
        (lock) => broadcastLock(nsp, copyId, examId, lock),
        () => {},
      );
    },
  });
  const deps: RealtimeDeps = {
    ctx,
    nsp,
    grading,
    sessions: new SessionWatch(ctx.pool, connections, { ...ctx.config.session, log: ctx.log }, ctx.revokedSessions),
    limits: createEventLimits(),
    progress: new ExamProgress(nsp),
    presence: new Presence(nsp),
    claims: new ClaimService(ctx.pool, { leaseSec: ctx.config.locks.leaseSec }),
    claimsHeld: new ConnectionClaims(),
    inFlight: new InFlight(),
    usage: new RubricUsagePush(nsp, ctx.pool, (e) => ctx.log.warn({ err: e }, "rubric:usage push failed")),
  };

  const stopClaims = keepClaims(deps.claims, deps.claimsHeld, ctx.config.locks.leaseSec, (e) => ctx.log.warn({ err: e }, "claim renewal failed"));
  const events = listenToEvents(ctx);
  const stopForwarding = forwardEvents(nsp, events);
  const stopRevocations = events.subscribe((e) => {
    const r = revocationOf(e);
    if (r) ctx.revokedSessions.apply(r);
  });

  nsp.use(handshake(ctx));
  const stopCountingRooms = countRoomsWith(() => {
    let n = 0;
    for (const room of nsp.adapter.rooms.keys()) if (room.startsWith("copy:")) n++;
    return n;
  });
  const stopCountingValidated = countValidatedWith(() => grading.docs.validatedCount);
  // the last socket of a copy on this node left it (leave, disconnect): what the node kept to validate its updates goes now
  nsp.adapter.on("delete-room", (room: string) => {
    const copyId = copyOfRoom(room);
    if (copyId) grading.docs.closedHere(copyId);
  });
  nsp.on("connection", (socket) => {
    const conn = new Connection(socket);
    if (ctx.revokedSessions.has(conn.sessionId)) return void deps.sessions.expire(conn); // revoked during its handshake
    socketsConnected.inc();
    connections.set(socket.id, conn);
    void socket.join(userRoom(conn.user.id));
    registerCopyHandlers(conn, deps);
    registerLockHandlers(conn, deps);
    registerFinalizeHandler(conn, deps);
    registerFollowHandlers(conn, deps);
    registerRubricHandlers(conn, deps);
    registerQuestionHandlers(conn, deps);
    socket.on("disconnect", () => {
      socketsConnected.dec();
      connections.delete(socket.id);
      releaseConnectionClaims(deps.claims, deps.claimsHeld, socket.id).catch((e) => ctx.log.warn({ err: e }, "claim release failed"));
      for (const copyId of conn.copies.keys()) grading.leases.connectionLeft(copyId, conn.user.id, socket.id, true);
    });
  });

  return {
    io,
    events,
    warmUp: () => grading.docs.warmUp(),
    async close() {
      // answer what is being handled before anything stops (new events are refused meanwhile)
      const drained = await deps.inFlight.drain(DRAIN_MS);
      if (!drained) ctx.log.warn({ inFlight: deps.inFlight.count }, "shutdown: events still unanswered after the drain");
      stopForwarding();
      stopCountingRooms();
      stopCountingValidated();
      stopRevocations();
      await events.close();
      deps.sessions.stop();
      deps.progress.stop();
      deps.usage.stop();
      stopClaims();
      await grading.close(); // commits what was received, stops renewing (leases then expire or are reclaimed elsewhere)
      // close the transports, not the sockets: a "transport close" makes clients reconnect (to another
      // node behind the load balancer); socket.disconnect() would tell them to stay away
      nsp.local.emit("server:shutdown", { reconnect: true });
      io.engine.close();
      await redis?.close();
    },
  };
}
