// Live dashboards: every server node LISTENs on `korrigo_events` (published in the transaction of
// each copy state change) and pushes fresh `exam:stats` to the dashboards of that exam connected
// to THIS node (`nsp.local`): every node hears every NOTIFY, so a broadcast through the Redis
// adapter would arrive N times. Bursts (30 copies rendered in a second) coalesce into one push.
import pg from "pg";
import type { Namespace } from "socket.io";
import type { AppContext } from "../context.ts";
import { examRoom } from "../realtime/rooms.ts";
import { EVENTS_CHANNEL, type CopyStateEvent } from "../render/copy-events.ts";
import { SupervisionService } from "./supervision-service.ts";

export interface StatsPush {
  close(): Promise<void>;
}

interface ExamQueue {
  changes: { copyId: string; state: string }[];
  timer: NodeJS.Timeout | null;
  running: boolean;
}

export function attachStatsPush(nsp: Namespace, ctx: AppContext, opts: { debounceMs?: number } = {}): StatsPush {
  const service = new SupervisionService(ctx.db, ctx.pool);
  const debounceMs = opts.debounceMs ?? 250;
  const queues = new Map<string, ExamQueue>();
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const watched = (examId: string) => (nsp.adapter.rooms.get(examRoom(examId))?.size ?? 0) > 0;

  const push = async (examId: string, q: ExamQueue) => {
    q.timer = null;
    if (q.running) return; // the run in flight reschedules itself when it ends
    const changes = q.changes.splice(0);
    q.running = true;
    try {
      if (watched(examId)) nsp.local.to(examRoom(examId)).emit("exam:stats", { examId, changes, stats: await service.compute(examId) });
    } catch (e) {
      ctx.log.warn({ err: e, examId }, "exam:stats push failed");
    } finally {
      q.running = false;
      if (q.changes.length) schedule(examId);
      else if (!q.timer) queues.delete(examId);
    }
  };

  const schedule = (examId: string) => {
    const q = queues.get(examId) ?? { changes: [], timer: null, running: false };
    queues.set(examId, q);
    if (!q.timer) q.timer = setTimeout(() => void push(examId, q), debounceMs);
  };

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== EVENTS_CHANNEL || !msg.payload) return;
    let event: Partial<CopyStateEvent>;
    try {
      event = JSON.parse(msg.payload) as Partial<CopyStateEvent>;
    } catch {
      return;
    }
    if (event.type !== "copy:state" || typeof event.examId !== "string" || typeof event.copyId !== "string") return;
    if (!watched(event.examId)) return;
    schedule(event.examId);
    queues.get(event.examId)!.changes.push({ copyId: event.copyId, state: String(event.state) });
  };

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: ctx.databaseUrl });
    c.on("notification", onNotification);
    c.on("error", (e) => {
      ctx.log.warn({ err: e }, "korrigo_events listener lost; reconnecting");
      if (client === c) client = null;
      c.end().catch(() => {});
      if (!closed) retry ??= setTimeout(() => ((retry = null), void connect()), 1_000);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENTS_CHANNEL}`);
      if (closed) return void (await c.end());
      client = c;
    } catch (e) {
      ctx.log.warn({ err: e }, "cannot LISTEN on korrigo_events; retrying");
      c.end().catch(() => {});
      if (!closed) retry ??= setTimeout(() => ((retry = null), void connect()), 1_000);
    }
  };
  void connect();

  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      for (const q of queues.values()) if (q.timer) clearTimeout(q.timer);
      queues.clear();
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
