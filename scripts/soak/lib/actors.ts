// The simulated people of a soak, through nginx like browsers: graders sign in, open copies one
// after another (join, lock, annotate, score, sometimes finalize, leave) and sign out; their
// socket is dropped now and then mid-edit (they reconnect and resend); supervisors sign in, watch
// the exam's dashboard (socket room + the stats and locks routes) and sign out.
import type { Socket } from "socket.io-client";
import { addAnnotation, newAnnotationId } from "../../../collab/index.ts";
import { CopySync } from "../../../tests/helpers/grading-client.ts";
import { connectGrading, connected, request } from "../../../tests/helpers/grading-session.ts";
import { TestClient } from "../../../tests/helpers/http-client.ts";
import type { TestExam } from "../../../tests/helpers/grading-factories.ts";
import { SOAK_PASSWORD, type SoakUser, type World } from "./world.ts";

export interface Counters {
  signIns: number;
  signOuts: number;
  joins: number;
  edits: number;
  finalized: number;
  drops: number;
  watches: number;
  dashboardReads: number;
  /** failures by code (an action that failed is skipped, the loop goes on) */
  errors: Record<string, number>;
}

export const newCounters = (): Counters => ({ signIns: 0, signOuts: 0, joins: 0, edits: 0, finalized: 0, drops: 0, watches: 0, dashboardReads: 0, errors: {} });

/** The annotations a client saw acknowledged, per copy: all must be in PostgreSQL at the end. */
export type AckedLedger = Map<string, Set<string>>;

export interface ActorContext {
  url: string;
  world: World;
  counters: Counters;
  acked: AckedLedger;
  running: () => boolean;
  editEveryMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = (ms: number) => ms * (0.5 + Math.random());

function fail(c: Counters, code: string): void {
  c.errors[code] = (c.errors[code] ?? 0) + 1;
}

function within<T>(p: Promise<T>, ms: number, code: string): Promise<T> {
  return Promise.race([p, sleep(ms).then(() => Promise.reject(new Error(code)))]);
}

async function signIn(ctx: ActorContext, user: SoakUser): Promise<{ client: TestClient; socket: Socket }> {
  const client = new TestClient(ctx.url, ctx.url);
  const r = await client.login(user.username, SOAK_PASSWORD);
  if (r.status !== 200) throw new Error(`SIGN_IN_${r.status}`);
  ctx.counters.signIns++;
  const socket = connectGrading(ctx.url, { cookie: client.cookieHeader, origin: ctx.url, reconnection: true });
  try {
    await within(connected(socket), 30_000, "CONNECT_TIMEOUT");
  } catch (e) {
    // signed in but not connected: the session is signed out by no one, the socket would keep
    // reconnecting for ever (and nginx, stopped gracefully at the end, waits for it)
    socket.close();
    await client.post("/api/auth/logout").catch(() => undefined);
    throw e;
  }
  return { client, socket };
}

async function signOut(ctx: ActorContext, s: { client: TestClient; socket: Socket }): Promise<void> {
  s.socket.close();
  const r = await s.client.post("/api/auth/logout");
  if (r.status === 204) ctx.counters.signOuts++;
  else fail(ctx.counters, `SIGN_OUT_${r.status}`);
}

/** One copy from join to leave; returns once everything made was acknowledged (or gave up). */
async function gradeOneCopy(ctx: ActorContext, socket: Socket, { copyId, exam }: { copyId: string; exam: TestExam }, userId: string): Promise<void> {
  const sync = new CopySync({ copyId, ackTimeoutMs: 10_000, retryDelayMs: 300 });
  const mine: string[] = [];
  // a final refusal drops the edits: counted as an error, and what was made is not taken as acknowledged.
  // A refused join drops nothing (it carries no edit; TIMEOUT, UNAVAILABLE… are retried, as on the desk,
  // which shows a refusal only when it drops edits): counted apart, and the edits still count once saved.
  let refused = false;
  sync.on("refused", (ack, dropped) => {
    if (dropped.length === 0) return fail(ctx.counters, `JOIN_REFUSED_${ack.code}`);
    refused = true;
    fail(ctx.counters, `REFUSED_${ack.code}`);
  });
  try {
    const joined = sync.ready();
    sync.attach(socket);
    await within(joined, 30_000, "JOIN_TIMEOUT");
    ctx.counters.joins++;
    const lock = await sync.takeLock();
    if (!lock.ok) return fail(ctx.counters, `LOCK_${lock.code}`);
    const edits = 4 + Math.floor(Math.random() * 10);
    for (let e = 0; e < edits && ctx.running(); e++) {
      const id = newAnnotationId();
      addAnnotation(sync.doc, {
        id,
        page: e % 2,
        kind: "tick",
        box: { x: Math.random() * 0.9, y: Math.random() * 0.9, w: 0.05, h: 0.05 },
        color: "#2e7d32",
        width: 0.004,
        author: userId,
        createdAt: Date.now(),
      });
      mine.push(id);
      ctx.counters.edits++;
      if (Math.random() < 0.03) {
        ctx.counters.drops++;
        socket.io.engine?.close(); // the network drops: socket.io reconnects, CopySync re-joins and resends
      }
      await sleep(jitter(ctx.editEveryMs));
    }
    ctx.world.scoreAll(sync.doc, exam);
    await within(sync.whenSaved(), 60_000, "SAVE_TIMEOUT");
    if (refused) return;
    const ledger = ctx.acked.get(copyId) ?? new Set<string>();
    for (const id of mine) ledger.add(id);
    ctx.acked.set(copyId, ledger);
    if (Math.random() < 0.5) {
      const r = await request(socket, "copy:finalize", { copyId }, 15_000).catch(() => ({ ok: false, code: "TIMEOUT" }));
      if (r.ok) ctx.counters.finalized++;
      else fail(ctx.counters, `FINALIZE_${r.code}`);
    } else {
      await sync.releaseLock();
    }
    await request(socket, "copy:leave", { copyId }, 10_000).catch(() => fail(ctx.counters, "LEAVE_TIMEOUT"));
  } finally {
    sync.destroy();
  }
}

export async function graderLoop(ctx: ActorContext, user: SoakUser): Promise<void> {
  while (ctx.running()) {
    let session: { client: TestClient; socket: Socket } | null = null;
    try {
      session = await signIn(ctx, user);
      const copies = 1 + Math.floor(Math.random() * 3);
      for (let k = 0; k < copies && ctx.running(); k++) {
        if (!session.socket.connected) await within(connected(session.socket), 30_000, "RECONNECT_TIMEOUT");
        await gradeOneCopy(ctx, session.socket, await ctx.world.nextCopy(user.id), user.id);
      }
    } catch (e) {
      fail(ctx.counters, (e as Error).message.split(" ")[0]!);
      await sleep(1000);
    } finally {
      if (session) await signOut(ctx, session).catch(() => fail(ctx.counters, "SIGN_OUT"));
    }
    await sleep(jitter(1000));
  }
}

export async function supervisorLoop(ctx: ActorContext, user: SoakUser): Promise<void> {
  while (ctx.running()) {
    let session: { client: TestClient; socket: Socket } | null = null;
    const examId = ctx.world.exam.id; // the exam being graded now
    try {
      session = await signIn(ctx, user);
      const w = await request(session.socket, "exam:watch", { examId }, 10_000);
      if (!w.ok) throw new Error(`WATCH_${w.code}`);
      ctx.counters.watches++;
      const end = Date.now() + jitter(20_000);
      while (ctx.running() && Date.now() < end) {
        for (const route of ["stats", "locks"]) {
          const r = await session.client.get(`/api/supervision/exams/${examId}/${route}`);
          if (r.status === 200) ctx.counters.dashboardReads++;
          else fail(ctx.counters, `DASHBOARD_${r.status}`);
        }
        await sleep(jitter(3000));
      }
      if (session.socket.connected) await request(session.socket, "exam:unwatch", { examId }, 10_000).catch(() => undefined);
    } catch (e) {
      fail(ctx.counters, (e as Error).message.split(" ")[0]!);
      await sleep(1000);
    } finally {
      if (session) await signOut(ctx, session).catch(() => fail(ctx.counters, "SIGN_OUT"));
    }
    await sleep(jitter(1000));
  }
}
