// Live dashboards: every server node LISTENs on `korrigo_events` (published in the transaction of
// each copy state change, and `copy:part` when a range grader's part of a copy is done or undone; one connection per node, realtime/events-listener.ts) and pushes fresh `exam:stats` to the dashboards of that exam connected
// to THIS node (`nsp.local`): every node hears every NOTIFY, so a broadcast through the Redis
// adapter would arrive N times. Bursts (30 copies rendered in a second) coalesce into one push.
import { asSent, type GradingNamespace } from "./grading-io.ts";
import type { AppContext } from "../context.ts";
import type { EventsListener } from "./events-listener.ts";
import { examRoom } from "./rooms.ts";
import { SupervisionService } from "../supervision/supervision-service.ts";

/** Graders apply items several times a second on a busy exam: one recomputation per second at most for those. */
const DECISIONS_DEBOUNCE_MS = 1000;

export interface StatsPush {
  close(): Promise<void>;
}

interface ExamQueue {
  changes: { copyId: string; state: string }[];
  timer: NodeJS.Timeout | null;
  running: boolean;
}

export function attachStatsPush(nsp: GradingNamespace, ctx: AppContext, events: EventsListener, opts: { debounceMs?: number } = {}): StatsPush {
  const service = new SupervisionService(ctx.db, ctx.pool);
  const debounceMs = opts.debounceMs ?? 250;
  const queues = new Map<string, ExamQueue>();

  const watched = (examId: string) => (nsp.adapter.rooms.get(examRoom(examId))?.size ?? 0) > 0;

  const push = async (examId: string, q: ExamQueue) => {
    q.timer = null;
    if (q.running) return; // the run in flight reschedules itself when it ends
    const changes = q.changes.splice(0);
    q.running = true;
    try {
      if (watched(examId)) nsp.local.to(examRoom(examId)).emit("exam:stats", { examId, changes, stats: asSent(await service.compute(examId)) });
    } catch (e) {
      ctx.log.warn({ err: e, examId }, "exam:stats push failed");
    } finally {
      q.running = false;
      if (q.changes.length) schedule(examId);
      else if (!q.timer) queues.delete(examId);
    }
  };

  const schedule = (examId: string, wait = debounceMs) => {
    const q = queues.get(examId) ?? { changes: [], timer: null, running: false };
    queues.set(examId, q);
    if (!q.timer) q.timer = setTimeout(() => void push(examId, q), wait);
  };

  const unsubscribe = events.subscribe((event) => {
    if (typeof event.examId !== "string") return;
    // a new rubric version re-scores every copy: the totals move, no copy changed state
    if (event.type === "rubric.changed") return void (watched(event.examId) && schedule(event.examId));
    // copy:decisions (a commit changed rubric decisions or scores, grading/decision-events.ts): the per-item statistics move
    if (event.type === "copy:decisions") {
      if (watched(event.examId)) schedule(event.examId, DECISIONS_DEBOUNCE_MS);
      return;
    }
    if ((event.type !== "copy:state" && event.type !== "copy:part") || typeof event.copyId !== "string") return;
    if (!watched(event.examId)) return;
    schedule(event.examId);
    // copy:part (a range grader's questions all scored, grading/part-done.ts) moves the graders'
    // progress only: a fresh computation, no copy changed state
    if (event.type === "copy:state") queues.get(event.examId)!.changes.push({ copyId: event.copyId, state: String(event.state) });
  });

  return {
    async close() {
      unsubscribe();
      for (const q of queues.values()) if (q.timer) clearTimeout(q.timer);
      queues.clear();
    },
  };
}
