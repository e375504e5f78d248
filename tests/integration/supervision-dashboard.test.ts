// Supervisor dashboard: copies by state, per-grader progress, pace and ETA, live locks (idle ones
// flagged), score distribution and per-question statistics of graded copies; `exam:stats` pushed
// live to the exam room when a copy changes state (finalize → NOTIFY korrigo_events → push).
import path from "node:path";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSocket, signedInUser, waitFor, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createScoredCopy, createSupervisedExam, type SupervisedExam } from "../helpers/supervision-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: SupervisedExam;
let supervisor: SignedInUser;
let g1: SignedInUser;
let g2: SignedInUser;
let media: string;
const HOUR = 3_600_000;
let lockedCopy: string;
let toFinalize: string;

const http = (user: { cookie: string }) => (url: string) =>
  fetch(server.url + url, { headers: { cookie: user.cookie } }).then(async (r) => ({ status: r.status, body: await r.json() }));

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  media = path.join(server.dataDir, "media");
  exam = await createSupervisedExam(tdb.db);
  [supervisor, g1, g2] = await Promise.all([
    signedInUser(tdb, server.url, "SUPERVISOR"),
    signedInUser(tdb, server.url, "GRADER"),
    signedInUser(tdb, server.url, "GRADER"),
  ]);
  const [q1, q2, q3] = exam.leaves.map((l) => l.id) as [string, string, string];
  const now = Date.now();
  // g1 finalized three copies over two hours: 1 copy/hour; two more are dispatched to g1
  const graded = [
    { at: now - 2 * HOUR, s: [4, 6, 10] },
    { at: now - HOUR, s: [2, 3, 5] },
    { at: now, s: [1, 0, 2.5] },
  ];
  for (const g of graded) {
    const c = await createScoredCopy(tdb.db, media, exam.id, {
      finalizedById: g1.id,
      finalizedAt: new Date(g.at),
      scores: { [q1]: g.s[0]!, [q2]: g.s[1]!, [q3]: g.s[2]! },
    });
    await tdb.db.assignment.create({ data: { copyId: c.id, graderId: g1.id } });
  }
  for (let i = 0; i < 2; i++) {
    const c = await createScoredCopy(tdb.db, media, exam.id, { state: "READY" });
    await tdb.db.assignment.create({ data: { copyId: c.id, graderId: g1.id } });
  }
  // g2 holds a lock on a READY copy, untouched for a quarter of an hour
  const c = await createScoredCopy(tdb.db, media, exam.id, { state: "READY" });
  await tdb.db.assignment.create({ data: { copyId: c.id, graderId: g2.id } });
  await tdb.db.copyDocUpdate.updateMany({ where: { copyId: c.id }, data: { createdAt: new Date(now - 20 * 60_000) } });
  await tdb.db.copyLock.create({
    data: {
      copyId: c.id,
      holderId: g2.id,
      sessionId: "test",
      nodeId: "elsewhere",
      acquiredAt: new Date(now - 15 * 60_000),
      expiresAt: new Date(now + 10 * 60_000),
    },
  });
  lockedCopy = c.id;
  // a fully scored READY copy the supervisor will finalize
  toFinalize = (await createScoredCopy(tdb.db, media, exam.id, { state: "READY", scores: { [q1]: 3, [q2]: 3, [q3]: 3 } })).id;
  await tdb.db.assignment.create({ data: { copyId: toFinalize, graderId: g2.id } });
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("dashboard statistics", () => {
  it("lists the exams with their counts", async () => {
    const r = await http(supervisor)("/api/supervision/exams");
    expect(r.status).toBe(200);
    expect(r.body.exams).toEqual([expect.objectContaining({ id: exam.id, copies: 7, graded: 3, released: 0 })]);
  });

  it("counts copies by state, per-grader progress, pace and ETA", async () => {
    const { status, body } = await http(supervisor)(`/api/supervision/exams/${exam.id}/stats`);
    expect(status).toBe(200);
    expect(body.copies).toEqual({ total: 7, byState: { STAGING: 0, READY: 4, FINALIZING: 0, GRADED: 3, RENDER_FAILED: 0 }, released: 0, identified: 0 });
    const one = body.graders.find((g: any) => g.id === g1.id);
    expect(one).toMatchObject({ assigned: 5, done: 3, finalized: 3, perHour: 1, remaining: 2 });
    expect(Date.parse(one.etaAt) - Date.now()).toBeGreaterThan(1.9 * HOUR);
    expect(Date.parse(one.etaAt) - Date.now()).toBeLessThan(2.1 * HOUR);
    expect(body.graders.find((g: any) => g.id === g2.id)).toMatchObject({ assigned: 2, done: 0, finalized: 0, perHour: null, etaAt: null });
    expect(body.pace).toMatchObject({ finalized: 3, perHour: 1, remaining: 4 });
  });

  it("shows who holds which copy since when, flagging a lock idle for over ten minutes", async () => {
    const { body } = await http(supervisor)(`/api/supervision/exams/${exam.id}/locks`);
    expect(body.locks).toEqual([
      expect.objectContaining({ copyId: lockedCopy, holder: { id: g2.id, displayName: expect.any(String) }, lastEditAt: null, idle: true }),
    ]);
  });

  it("computes the score distribution and per-question averages and success rates from the frozen documents", async () => {
    const { body } = await http(supervisor)(`/api/supervision/exams/${exam.id}/stats`);
    const s = body.scores;
    expect(s).toMatchObject({ count: 3, maxPoints: 20, mean: 11.17, median: 10, min: 3.5, max: 20 });
    expect(s.distribution).toHaveLength(20);
    expect(s.distribution.filter((b: any) => b.count > 0).map((b: any) => [b.from, b.count])).toEqual([
      [3, 1],
      [10, 1],
      [19, 1],
    ]);
    expect(s.questions.map((q: any) => [q.label, q.maxPoints, q.average, q.successRate])).toEqual([
      ["1.a", 4, 2.33, 0.67],
      ["1.b", 6, 3, 0.67],
      ["2", 10, 5.83, 0.67],
    ]);
  });

  it("is for supervisors and admins only", async () => {
    for (const url of ["/api/supervision/exams", `/api/supervision/exams/${exam.id}/stats`, `/api/supervision/exams/${exam.id}/locks`]) {
      expect((await http(g1)(url)).status).toBe(403);
      expect((await fetch(server.url + url)).status).toBe(401);
    }
    expect((await http(supervisor)(`/api/supervision/exams/6f1d3c55-2b0a-4c39-9d1e-8a51c0f4e2b7/stats`)).status).toBe(404);
  });
});

describe("live", () => {
  let watcher: Socket;
  let graderSocket: Socket;
  afterAll(() => {
    watcher?.disconnect();
    graderSocket?.disconnect();
  });

  it("pushes exam:stats to the exam's dashboards when a copy changes state, and to no one else", async () => {
    watcher = await openSocket(server.url, supervisor);
    expect(await request(watcher, "exam:watch", { examId: exam.id })).toEqual({ ok: true });
    graderSocket = await openSocket(server.url, g1);
    expect((await request(graderSocket, "exam:watch", { examId: exam.id })).code).toBe("FORBIDDEN");
    const pushes: any[] = [];
    const leaked: unknown[] = [];
    watcher.on("exam:stats", (m) => pushes.push(m));
    graderSocket.on("exam:stats", (m) => leaked.push(m));

    const client = new TestClient(server.url);
    await client.login(supervisor.username, supervisor.password);
    const fin = await client.post(`/api/copies/${toFinalize}/finalize`);
    expect(fin.status).toBe(202);

    await waitFor(() => pushes.length > 0, 5000, "exam:stats");
    const msg = pushes.at(-1);
    expect(msg.examId).toBe(exam.id);
    expect(msg.changes).toEqual([{ copyId: toFinalize, state: "FINALIZING" }]);
    expect(msg.stats.copies.byState).toMatchObject({ READY: 3, FINALIZING: 1, GRADED: 3 });
    expect(leaked).toEqual([]);
  });

  it("lets a supervisor take over an idle lock and free the copy (audited)", async () => {
    expect((await request(watcher, "copy:join", { copyId: lockedCopy })).ok).toBe(true);
    const takeover = await request(watcher, "copy:takeover", { copyId: lockedCopy });
    expect(takeover).toMatchObject({ ok: true, previous: { holder: { id: g2.id } } });
    expect(await request(watcher, "copy:unlock", { copyId: lockedCopy })).toMatchObject({ ok: true, lock: null });
    await request(watcher, "copy:leave", { copyId: lockedCopy });
    expect((await http(supervisor)(`/api/supervision/exams/${exam.id}/locks`)).body.locks).toEqual([]);
    expect(await tdb.db.auditEvent.count({ where: { action: "copy.lock.takeover", targetId: lockedCopy, actorId: supervisor.id } })).toBe(1);
  });
});
