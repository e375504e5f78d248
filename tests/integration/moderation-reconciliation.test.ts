// Reconciliation of double-marked copies on a real PostgreSQL and server: questions within the
// exam's tolerance agreed by its rule, the others waiting for a supervisor, who keeps a layer's
// mark or sets one with a comment; two supervisors deciding the same question at once — one wins,
// the other gets RECONCILIATION_STALE with the winner's decision and both dashboards hear it live;
// a tolerance or rule change re-decides the automatic agreements (never a supervisor's decision);
// a marking that moves sets aside the decision made on it; every decision is audited; each route
// answers per role.
import path from "node:path";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECOND_LAYER, writeDecisions } from "../../server/grading/decision-projection.ts";
import { prismaQueryable } from "../../server/grading/sql.ts";
import { refreshReconciliations } from "../../server/moderation/reconcile-refresh.ts";
import { decisionsOf, ModerationFixture } from "../helpers/moderation-factories.ts";
import { createUser } from "../helpers/factories.ts";
import { openSocket, signedInUser, waitFor, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createSupervisedExam, type SupervisedExam } from "../helpers/supervision-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let fx: ModerationFixture;
let exam: SupervisedExam;
let users: Record<"ADMIN" | "SUPERVISOR" | "SUPERVISOR2" | "GRADER" | "STUDENT", SignedInUser>;
let clients: Record<keyof typeof users | "anonymous", TestClient>;
let qa: string, qb: string, q2: string;
let copyA: string, copyB: string, copyC: string, copyWaiting: string;
let marker1: string, marker2: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  fx = new ModerationFixture(tdb, path.join(server.dataDir, "media"));
  exam = await createSupervisedExam(tdb.db);
  [qa, qb, q2] = exam.leaves.map((l) => l.id) as [string, string, string];
  const [admin, sup, sup2, grader, student] = await Promise.all(
    (["ADMIN", "SUPERVISOR", "SUPERVISOR", "GRADER", "STUDENT"] as const).map((r) => signedInUser(tdb, server.url, r)),
  );
  users = { ADMIN: admin!, SUPERVISOR: sup!, SUPERVISOR2: sup2!, GRADER: grader!, STUDENT: student! };
  clients = { anonymous: new TestClient(server.url) } as typeof clients;
  for (const [k, u] of Object.entries(users)) {
    const c = new TestClient(server.url);
    expect((await c.login(u.username, u.password)).status).toBe(200);
    clients[k as keyof typeof users] = c;
  }
  await clients.anonymous.get("/api/auth/me"); // a CSRF token for the anonymous client, so its refusals are about identity
  marker1 = (await createUser(tdb.db, "GRADER")).id;
  marker2 = (await createUser(tdb.db, "GRADER")).id;
  const both = { firstMarkerId: marker1, secondMarkerId: marker2, pdf: false };
  // tolerance 0.5, rule MEAN (the defaults)
  copyA = (await fx.copy(exam.id, { ...both, scores: { [qa]: 2, [qb]: 4, [q2]: 7 }, second: { [qa]: 2.5, [qb]: 4, [q2]: 9 } })).id;
  copyB = (await fx.copy(exam.id, { ...both, scores: { [qa]: 3, [qb]: 5, [q2]: 7 }, second: { [qa]: 3, [qb]: 5, [q2]: 7.5 } })).id;
  copyC = (await fx.copy(exam.id, { ...both, scores: { [qa]: 1, [qb]: 3, [q2]: 6 }, second: { [qa]: 1, [qb]: 4.5, [q2]: 6 } })).id;
  copyWaiting = (await fx.copy(exam.id, { ...both, status: "GRADING", scores: { [qa]: 1, [qb]: 1, [q2]: 1 }, second: {} })).id;
});
afterAll(async () => {
  await fx?.close();
  await server?.close();
  await tdb?.drop();
});

const byQuestion = (body: any) => Object.fromEntries(body.questions.map((x: any) => [x.questionId, x]));
const audits = (action: string, targetId: string) => tdb.db.auditEvent.findMany({ where: { action, targetId }, orderBy: { id: "asc" } });

describe("automatic agreement", () => {
  it("agrees within tolerance by the exam's rule and leaves the rest to a supervisor", async () => {
    const { status, body } = await clients.SUPERVISOR.get(`/api/copies/${copyA}/reconciliation`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      anonymousCode: expect.stringMatching(new RegExp(`^${exam.codePrefix}-`)),
      status: "DONE",
      settings: { tolerance: 0.5, rule: "MEAN" },
      pending: 1,
      total: null,
      max: 20,
    });
    const q = byQuestion(body);
    // 2 and 2.5 on a question written in half points: the mean 2.25 rounds up to 2.5
    expect(q[qa]).toMatchObject({
      path: "Exercice 1 / 1.a",
      max: 4,
      first: 2,
      second: 2.5,
      difference: 0.5,
      state: "agreed",
      source: "RULE",
      mark: 2.5,
      auto: true,
    });
    expect(q[qb]).toMatchObject({ first: 4, second: 4, difference: 0, state: "agreed", source: "RULE", mark: 4 });
    expect(q[q2]).toMatchObject({ first: 7, second: 9, difference: 2, state: "pending", source: "PENDING", mark: null, version: 0 });
  });

  it("lists the exam's double-marked copies with what is left to decide", async () => {
    const { status, body } = await clients.SUPERVISOR.get(`/api/exams/${exam.id}/reconciliations`);
    expect(status).toBe(200);
    expect(body.settings).toEqual({ tolerance: 0.5, rule: "MEAN" });
    const rows = Object.fromEntries(body.copies.map((c: any) => [c.copyId, c]));
    expect(rows[copyA]).toMatchObject({ status: "DONE", questions: 3, agreed: 2, pending: 1, decided: 0 });
    expect(rows[copyB]).toMatchObject({ status: "DONE", questions: 3, agreed: 3, pending: 0 });
    expect(rows[copyC]).toMatchObject({ agreed: 2, pending: 1 });
    expect(rows[copyWaiting]).toMatchObject({ status: "GRADING", questions: 0 });
  });

  it("refuses a decision on a copy whose second marking is not finished", async () => {
    const res = await clients.SUPERVISOR.request("PUT", `/api/copies/${copyWaiting}/reconciliation/${qa}`, { json: { expectedVersion: 0, source: "FIRST" } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("RECONCILIATION_CLOSED");
  });
});

describe("a supervisor's decision", () => {
  it("keeps a layer's mark, audited", async () => {
    const res = await clients.SUPERVISOR.request("PUT", `/api/copies/${copyA}/reconciliation/${q2}`, { json: { expectedVersion: 0, source: "SECOND" } });
    expect(res.status).toBe(200);
    expect(byQuestion(res.body)[q2]).toMatchObject({ state: "agreed", source: "SECOND", mark: 9, auto: false, version: 1 });
    expect(res.body).toMatchObject({ pending: 0, total: 2.5 + 4 + 9 });
    const [a] = await audits("reconciliation.decided", copyA);
    expect(a).toMatchObject({ actorId: users.SUPERVISOR.id, targetType: "copy" });
    expect(a!.details).toMatchObject({
      questionId: q2,
      source: "SECOND",
      mark: 9,
      firstMark: 7,
      secondMark: 9,
      previous: { source: "PENDING", mark: null },
      version: 1,
    });
  });

  it("sets a mark only with a comment, within the question's points", async () => {
    const url = `/api/copies/${copyA}/reconciliation/${q2}`;
    const noComment = await clients.SUPERVISOR.request("PUT", url, { json: { expectedVersion: 1, mark: 8 } });
    expect(noComment.status).toBe(400);
    expect(noComment.body.code).toBe("VALIDATION_FAILED");
    const blank = await clients.SUPERVISOR.request("PUT", url, { json: { expectedVersion: 1, mark: 8, comment: "   " } });
    expect(blank.status).toBe(400);
    const tooHigh = await clients.SUPERVISOR.request("PUT", url, { json: { expectedVersion: 1, mark: 10.5, comment: "au-delà du barème" } });
    expect(tooHigh.status).toBe(422);
    const ok = await clients.SUPERVISOR.request("PUT", url, { json: { expectedVersion: 1, mark: 8, comment: "Démonstration juste, rédaction incomplète" } });
    expect(ok.status).toBe(200);
    expect(byQuestion(ok.body)[q2]).toMatchObject({ source: "MANUAL", mark: 8, comment: "Démonstration juste, rédaction incomplète", version: 2 });
    expect((await audits("reconciliation.decided", copyA)).map((e) => (e.details as any).source)).toEqual(["SECOND", "MANUAL"]);
  });

  it("refuses garbage and answers a forged copy or question like a missing one", async () => {
    const bad = [
      {},
      { expectedVersion: -1, source: "FIRST" },
      { expectedVersion: 0, source: "BOTH" },
      { expectedVersion: 0, mark: "8", comment: "x" },
      { expectedVersion: 0, mark: 1.234, comment: "x" },
      { expectedVersion: 0, source: "FIRST", extra: 1 },
    ];
    for (const json of bad) expect((await clients.SUPERVISOR.request("PUT", `/api/copies/${copyC}/reconciliation/${qb}`, { json })).status).toBe(400);
    expect((await clients.SUPERVISOR.get(`/api/copies/not-a-uuid/reconciliation`)).status).toBe(400);
    const forged = await clients.SUPERVISOR.get(`/api/copies/${crypto.randomUUID()}/reconciliation`);
    expect(forged.status).toBe(404);
    const unknownQ = await clients.SUPERVISOR.request("PUT", `/api/copies/${copyC}/reconciliation/nope`, { json: { expectedVersion: 0, source: "FIRST" } });
    expect(unknownQ.status).toBe(404);
    expect((await clients.SUPERVISOR.get(`/api/exams/${crypto.randomUUID()}/reconciliations`)).status).toBe(404);
    // nothing changed on the copy refused
    expect(byQuestion((await clients.SUPERVISOR.get(`/api/copies/${copyC}/reconciliation`)).body)[qb]).toMatchObject({ state: "pending", version: 0 });
  });
});

describe("two supervisors at once", () => {
  let s1: Socket;
  let s2: Socket;
  let graderSocket: Socket;
  afterAll(() => {
    s1?.disconnect();
    s2?.disconnect();
    graderSocket?.disconnect();
  });

  it("one wins, the other gets RECONCILIATION_STALE with the winner's decision, and both see it live", async () => {
    s1 = await openSocket(server.url, users.SUPERVISOR);
    s2 = await openSocket(server.url, users.SUPERVISOR2);
    const heard: [any[], any[]] = [[], []];
    for (const [i, s] of [s1, s2].entries()) {
      expect(await request(s, "exam:watch", { examId: exam.id })).toEqual({ ok: true });
      s.on("reconciliation:changed", (m) => heard[i]!.push(m));
    }
    graderSocket = await openSocket(server.url, users.GRADER);
    expect((await request(graderSocket, "exam:watch", { examId: exam.id })).code).toBe("FORBIDDEN");
    const leaked: unknown[] = [];
    graderSocket.on("reconciliation:changed", (m) => leaked.push(m));
    const url = `/api/copies/${copyC}/reconciliation/${qb}`;
    const [r1, r2] = await Promise.all([
      clients.SUPERVISOR.request("PUT", url, { json: { expectedVersion: 0, source: "FIRST" } }),
      clients.SUPERVISOR2.request("PUT", url, { json: { expectedVersion: 0, mark: 4, comment: "Entre les deux" } }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const [won, lost] = r1.status === 200 ? [r1, r2] : [r2, r1];
    const winner = r1.status === 200 ? users.SUPERVISOR : users.SUPERVISOR2;
    expect(lost.body.code).toBe("RECONCILIATION_STALE");
    const stored = byQuestion(won.body)[qb];
    expect(lost.body.details.current).toMatchObject({ version: 1, source: stored.source, mark: stored.mark });
    expect(lost.body.details.current.decidedBy).toBe((await tdb.db.user.findUniqueOrThrow({ where: { id: winner.id } })).displayName);
    await waitFor(
      () => heard.every((h) => h.some((m) => m.examId === exam.id && m.copyIds?.includes(copyC))),
      15_000,
      "reconciliation:changed on both dashboards",
    );
    const decided = await audits("reconciliation.decided", copyC);
    expect(decided).toHaveLength(1); // the loser's attempt changed nothing
    expect(decided[0]!.actorId).toBe(winner.id);
    expect(leaked).toEqual([]); // a grader never hears of it
  });
});

describe("the exam's tolerance and rule", () => {
  it("re-decide the automatic agreements, never a supervisor's decision, audited", async () => {
    const res = await clients.SUPERVISOR.request("PUT", `/api/exams/${exam.id}/moderation-settings`, { json: { tolerance: 2, rule: "FIRST" } });
    expect(res.status).toBe(200);
    expect(res.body.settings).toEqual({ tolerance: 2, rule: "FIRST" });
    const b = byQuestion((await clients.SUPERVISOR.get(`/api/copies/${copyB}/reconciliation`)).body);
    expect(b[q2]).toMatchObject({ source: "RULE", mark: 7, auto: true, version: 1 }); // was the mean of 7 and 7.5
    const a = byQuestion((await clients.SUPERVISOR.get(`/api/copies/${copyA}/reconciliation`)).body);
    expect(a[q2]).toMatchObject({ source: "MANUAL", mark: 8, version: 2 }); // a supervisor's decision stands
    expect(a[qa]).toMatchObject({ source: "RULE", mark: 2 });
    const [e] = await audits("moderation.settings", exam.id);
    expect(e!.details).toMatchObject({ before: { tolerance: 0.5, rule: "MEAN" }, after: { tolerance: 2, rule: "FIRST" } });
    expect((await audits("reconciliation.refreshed", copyB)).length).toBeGreaterThanOrEqual(2);
    for (const json of [{ tolerance: -1, rule: "MEAN" }, { tolerance: 1, rule: "LOWER" }, { tolerance: 1 }]) {
      expect((await clients.SUPERVISOR.request("PUT", `/api/exams/${exam.id}/moderation-settings`, { json })).status).toBe(400);
    }
  });

  it("a marking that moves sets aside the decision made on it", async () => {
    await fx.rewrite(copyA, SECOND_LAYER, { [qa]: 2.5, [qb]: 4, [q2]: 8.5 });
    const a = byQuestion((await clients.SUPERVISOR.get(`/api/copies/${copyA}/reconciliation`)).body);
    expect(a[q2]).toMatchObject({ first: 7, second: 8.5, source: "RULE", mark: 7, auto: true, comment: null, version: 3 });
    const refreshed = await audits("reconciliation.refreshed", copyA);
    expect(refreshed.at(-1)!.details).toMatchObject({ questions: [{ questionId: q2, source: "RULE", mark: 7, replaced: "MANUAL" }] });
  });
});

describe("refresh inside a Prisma transaction", () => {
  it("works on the caller's transaction as on a pg client (a marking moved beyond tolerance: pending again)", async () => {
    await tdb.db.$transaction(async (tx) => {
      const q = prismaQueryable(tx);
      await writeDecisions(q, new Map([[copyB, decisionsOf({ [qa]: 3, [qb]: 5, [q2]: 9.5 })]]), SECOND_LAYER);
      await refreshReconciliations(q, [copyB]);
    });
    const b = byQuestion((await clients.SUPERVISOR.get(`/api/copies/${copyB}/reconciliation`)).body);
    expect(b[q2]).toMatchObject({ first: 7, second: 9.5, state: "pending", mark: null });
    await fx.rewrite(copyB, SECOND_LAYER, { [qa]: 3, [qb]: 5, [q2]: 7.5 }); // back as it was, for the statistics
    expect(byQuestion((await clients.SUPERVISOR.get(`/api/copies/${copyB}/reconciliation`)).body)[q2]).toMatchObject({ source: "RULE", mark: 7 });
  });
});

describe("an unchanged refresh", () => {
  it("changes no row: no version moves under a supervisor about to decide", async () => {
    const before = (await clients.SUPERVISOR.get(`/api/copies/${copyC}/reconciliation`)).body.questions.map((x: any) => [x.questionId, x.version, x.source]);
    const audited = (await audits("reconciliation.refreshed", copyC)).length;
    await fx.rewrite(copyC, SECOND_LAYER, { [qa]: 1, [qb]: 4.5, [q2]: 6 });
    const after = (await clients.SUPERVISOR.get(`/api/copies/${copyC}/reconciliation`)).body.questions.map((x: any) => [x.questionId, x.version, x.source]);
    expect(after).toEqual(before);
    expect((await audits("reconciliation.refreshed", copyC)).length).toBe(audited);
  });
});

describe("agreement statistics", () => {
  it("per question and pair of markers, from both layers", async () => {
    const { status, body } = await clients.SUPERVISOR.get(`/api/exams/${exam.id}/agreement`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ tolerance: 2, copies: 3 });
    const q2pair = body.pairs.find((p: any) => p.questionId === q2);
    // copies A (7 vs 8.5), B (7 vs 7.5), C (6 vs 6)
    expect(q2pair).toMatchObject({ path: "Exercice 2 / 2", copies: 3, meanAbsDiff: 0.667, withinTolerance: 1, items: null });
    expect([...q2pair.markers].sort()).toEqual([marker1, marker2].sort());
    const qbPair = body.pairs.find((p: any) => p.questionId === qb);
    expect(qbPair).toMatchObject({ meanAbsDiff: 0.5, withinTolerance: 1 });
  });
});

describe("access per role", () => {
  const routes = () => [
    { name: "list", method: "GET", url: `/api/exams/${exam.id}/reconciliations` },
    { name: "copy", method: "GET", url: `/api/copies/${copyB}/reconciliation` },
    { name: "agreement", method: "GET", url: `/api/exams/${exam.id}/agreement` },
    { name: "decide", method: "PUT", url: `/api/copies/${copyB}/reconciliation/${qa}`, json: { expectedVersion: 99, source: "FIRST" } },
    { name: "settings", method: "PUT", url: `/api/exams/${exam.id}/moderation-settings`, json: { tolerance: 2, rule: "FIRST" } },
  ];
  it.each([
    ["ADMIN", [200, 200, 200, 409, 200]],
    ["SUPERVISOR", [200, 200, 200, 409, 200]],
    ["GRADER", [403, 403, 403, 403, 403]],
    ["STUDENT", [403, 403, 403, 403, 403]],
    ["anonymous", [401, 401, 401, 401, 401]],
  ] as const)("%s", async (who, expected) => {
    const got: number[] = [];
    for (const r of routes()) got.push((await clients[who].request(r.method, r.url, r.json === undefined ? {} : { json: r.json })).status);
    expect(got).toEqual(expected); // the decision's 409: allowed, but version 99 is not the row's
  });
});

describe("a rubric change", () => {
  it("re-scores both markings in its transaction and decides the questions again", async () => {
    const before = byQuestion((await clients.SUPERVISOR.get(`/api/copies/${copyA}/reconciliation`)).body)[q2];
    expect(before).toMatchObject({ first: 7, second: 8.5 });
    // question 2 lowered from 10 to 8 points: the second marking's 8.5 is now held at 8
    const r = await clients.ADMIN.post(`/api/exams/${exam.id}/rubric/apply`, { baseVersion: 0, maxPoints: { [q2]: 8 } });
    expect(r.status).toBe(200);
    const after = byQuestion((await clients.SUPERVISOR.get(`/api/copies/${copyA}/reconciliation`)).body)[q2];
    expect(after).toMatchObject({ first: 7, second: 8, max: 8, source: "RULE", mark: 7, version: before.version + 1 });
    const last = (await audits("reconciliation.refreshed", copyA)).at(-1)!;
    expect(last.details).toMatchObject({ questions: [{ questionId: q2, firstMark: 7, secondMark: 8 }] });
  });
});
