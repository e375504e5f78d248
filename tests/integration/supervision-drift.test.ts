// Drift alerts on a real PostgreSQL and a real server: graded copies of four graders, one of them
// 1.5 point harsher on question 1.a (/4). The alert appears (over HTTP and pushed live on
// exam:stats) once that grader's eighth copy is finalized, names the grader, the question, the gap
// in points and the copies; it goes when reopened copies take the evidence away. Only supervisors
// and admins see it: graders and students are refused, over HTTP and on the socket.
import path from "node:path";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
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
let admin: SignedInUser;
let grader: SignedInUser;
let student: SignedInUser;
let harsh: { id: string; displayName: string };
const harshCopies: string[] = [];
let lastHarsh: string;

/** 1.a marks on /4 (mean 2.35, sd ≈ 0.8), 1.b on /6, 2 on /10 */
const PATTERN = [2, 3, 1.5, 2.5, 3.5, 2, 1, 3, 2.5, 2.5];
const http = (user: { cookie: string } | null) => (url: string) =>
  fetch(server.url + url, { headers: user ? { cookie: user.cookie } : {} }).then(async (r) => ({ status: r.status, body: await r.json() }));

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const media = path.join(server.dataDir, "media");
  exam = await createSupervisedExam(tdb.db);
  [supervisor, admin, grader, student] = await Promise.all([
    signedInUser(tdb, server.url, "SUPERVISOR"),
    signedInUser(tdb, server.url, "ADMIN"),
    signedInUser(tdb, server.url, "GRADER"),
    signedInUser(tdb, server.url, "STUDENT"),
  ]);
  const [qa, qb, q2] = exam.leaves.map((l) => l.id) as [string, string, string];
  const peers = [grader.id, (await createUser(tdb.db, "GRADER")).id, (await createUser(tdb.db, "GRADER")).id];
  const h = await createUser(tdb.db, "GRADER");
  harsh = { id: h.id, displayName: (await tdb.db.user.findUniqueOrThrow({ where: { id: h.id } })).displayName };
  const copy = async (graderId: string, i: number, shift: number, state: "GRADED" | "READY" = "GRADED") => {
    const a = PATTERN[i % PATTERN.length]!;
    const c = await createScoredCopy(tdb.db, media, exam.id, {
      state,
      pdf: false,
      finalizedById: graderId,
      scores: { [qa]: Math.max(0, a + shift), [qb]: Math.min(6, a + 1), [q2]: Math.min(10, 2 * a + 1) },
    });
    await tdb.db.assignment.create({ data: { copyId: c.id, graderId } });
    return c.id;
  };
  for (const [k, g] of peers.entries()) for (let i = 0; i < 12; i++) await copy(g, i + 3 * k, 0);
  // the harsh grader: seven finalized copies (under the minimum of eight), an eighth ready to finalize
  for (let i = 0; i < 7; i++) harshCopies.push(await copy(harsh.id, i, -1.5));
  lastHarsh = await copy(harsh.id, 7, -1.5, "READY");
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("drift alerts", () => {
  let watcher: Socket;
  let graderSocket: Socket;
  const pushes: any[] = [];
  const leaked: unknown[] = [];
  afterAll(() => {
    watcher?.disconnect();
    graderSocket?.disconnect();
  });

  it("raise no alert on seven copies, but show every grader's gap with its interval", async () => {
    const { status, body } = await http(supervisor)(`/api/supervision/exams/${exam.id}/stats`);
    expect(status).toBe(200);
    expect(body.drift.alerts).toEqual([]);
    const q1a = body.drift.questions.find((q: any) => q.label === "1.a");
    const mine = q1a.graders.find((g: any) => g.graderId === harsh.id);
    expect(mine).toMatchObject({ copies: 7, othersCopies: 36, flagged: false, displayName: harsh.displayName });
    expect(mine.gap).toBeLessThan(-1);
    expect(mine.low).toBeLessThan(mine.gap);
    expect(mine.high).toBeGreaterThan(mine.gap);
  });

  it("appears live when the harsh grader's eighth copy is finalized: who, which question, by how much, on which copies", async () => {
    watcher = await openSocket(server.url, supervisor);
    expect(await request(watcher, "exam:watch", { examId: exam.id })).toEqual({ ok: true });
    graderSocket = await openSocket(server.url, grader);
    expect((await request(graderSocket, "exam:watch", { examId: exam.id })).code).toBe("FORBIDDEN");
    watcher.on("exam:stats", (m) => pushes.push(m));
    graderSocket.on("exam:stats", (m) => leaked.push(m));

    const client = new TestClient(server.url);
    await client.login(supervisor.username, supervisor.password);
    expect((await client.post(`/api/copies/${lastHarsh}/finalize`)).status).toBe(202);
    await waitFor(() => pushes.some((p) => p.stats.drift.alerts.length > 0), 15_000, "a drift alert pushed");
    const alerts = pushes.find((p) => p.stats.drift.alerts.length > 0).stats.drift.alerts;
    expect(alerts).toHaveLength(1);
    const [a] = alerts;
    expect(a).toMatchObject({
      graderId: harsh.id,
      displayName: harsh.displayName,
      questionId: exam.leaves[0]!.id,
      questionPath: "Exercice 1 / 1.a",
      maxPoints: 4,
      copies: 8,
      flagged: true,
    });
    expect(a.gap).toBeCloseTo(-1.5, 1); // in points: the 1.5 point of harshness (one mark held at 0 and the peers' own spread)
    expect(a.high).toBeLessThan(0);
    expect(a.copyList.map((c: any) => c.id).sort()).toEqual([...harshCopies, lastHarsh].sort());
    expect(a.copyList[0].anonymousCode).toMatch(new RegExp(`^${exam.codePrefix}-`));
    expect(leaked).toEqual([]);
  });

  it("is in the dashboard statistics over HTTP for admins too", async () => {
    const { status, body } = await http(admin)(`/api/supervision/exams/${exam.id}/stats`);
    expect(status).toBe(200);
    expect(body.drift.alerts.map((a: any) => [a.graderId, a.copies])).toEqual([[harsh.id, 8]]);
  });

  it("is refused to graders and students, and to anyone signed out", async () => {
    const url = `/api/supervision/exams/${exam.id}/stats`;
    expect((await http(grader)(url)).status).toBe(403);
    expect((await http(student)(url)).status).toBe(403);
    expect((await http(null)(url)).status).toBe(401);
  });

  it("goes when the evidence goes: two of the copies reopened leave six, under the minimum", async () => {
    const client = new TestClient(server.url);
    await client.login(supervisor.username, supervisor.password);
    const before = pushes.length;
    for (const id of harshCopies.slice(0, 2)) expect((await client.post(`/api/copies/${id}/reopen`)).status).toBe(200);
    const harshOn1a = (p: any) => p.stats.drift.questions.find((q: any) => q.label === "1.a").graders.find((g: any) => g.graderId === harsh.id);
    await waitFor(() => pushes.length > before && harshOn1a(pushes.at(-1)).copies === 6, 15_000, "both reopens pushed");
    expect(pushes.at(-1).stats.drift.alerts).toEqual([]);
    expect(harshOn1a(pushes.at(-1))).toMatchObject({ copies: 6, flagged: false });
    expect(leaked).toEqual([]);
  });
});
