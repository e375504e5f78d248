// Regrade requests (#17): a student asks about one question of their released copy, within the
// exam's window and cap; the request reaches the supervisors' dashboards and the graders concerned
// live; a refusal carries its reason, an acceptance reopens the copy, the grader regrades, and the
// next release resolves the request with the new version. Every bad input of the issue, and an
// access test per role for every route and for `regrade:changed`. Real server, worker and PDFs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { setAdjustment } from "../../collab/index.ts";
import { listRoutes } from "../../server/http/route-inventory.ts";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { regradeRoutes } from "../../server/regrade/regrade-routes.ts";
import { createUser } from "../helpers/factories.ts";
import { connectGrading, connected, request, signIn } from "../helpers/grading-session.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";
import { seedGradableCopy, type SeededCopy } from "../fixtures/render/seed-copy.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let worker: RunningWorker;
let s: SeededCopy;
let other: SeededCopy; // another exam: an unreleased copy of the same student
let admin: TestClient,
  supervisor: TestClient,
  grader: TestClient,
  rangeGrader: TestClient,
  student: TestClient,
  otherStudent: TestClient,
  anonymous: TestClient;
let users: Record<"admin" | "supervisor" | "grader" | "rangeGrader" | "student", { id: string; username: string; password: string }>;
const sockets: Socket[] = [];
const heard: Record<string, any[]> = {};
const MISSING = "00000000-0000-4000-8000-000000000000";
const HTML = `<img src=x onerror="alert(1)"> <b>Pourquoi</b> & "moi" ?`;

async function signedIn(user: { username: string; password: string }) {
  const c = new TestClient(server.url);
  expect((await c.login(user.username, user.password)).status).toBe(200);
  return c;
}

async function waitFor<T>(what: string, read: () => Promise<T | null | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function listen(name: string, user: { username: string; password: string }, watchExam: boolean) {
  const socket = await connected(connectGrading(server.url, { cookie: await signIn(server.url, user) }));
  sockets.push(socket);
  heard[name] = [];
  socket.on("regrade:changed", (e) => heard[name]!.push(e));
  if (watchExam) expect((await request(socket, "exam:watch", { examId: s.examId })).ok).toBe(true);
}

const copyState = async () => (await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).state;
const ask = (c: TestClient, body: unknown, copyId = s.copyId) => c.post(`/api/portal/copies/${copyId}/regrade-requests`, body);
const mine = (c: TestClient = student, copyId = s.copyId) => c.get(`/api/portal/copies/${copyId}/regrade-requests`);
const queue = (c: TestClient, q = "") => c.get(`/api/regrade/exams/${s.examId}/requests${q}`);
const answer = (c: TestClient, id: string, body: unknown) => c.post(`/api/regrade/requests/${id}/answer`, body);
const settings = (c: TestClient, body: unknown) => c.request("PUT", `/api/regrade/exams/${s.examId}/settings`, { json: body });
const requestCount = () => tdb.db.regradeRequest.count();

async function finalizeAndRelease() {
  await tdb.db.copyLock.upsert({
    where: { copyId: s.copyId },
    create: { copyId: s.copyId, holderId: s.grader.id, sessionId: "s", nodeId: "n", expiresAt: new Date(Date.now() + 60_000) },
    update: { holderId: s.grader.id, expiresAt: new Date(Date.now() + 60_000) },
  });
  expect((await grader.post(`/api/copies/${s.copyId}/finalize`)).status).toBe(202);
  await waitFor("the render", async () => (await copyState()) === "GRADED");
  return admin.post(`/api/release/exams/${s.examId}/release`, {});
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  worker = await startWorker(server.ctx, { concurrency: 1 });
  s = await seedGradableCopy(tdb.db, server.ctx.config.mediaDir);
  other = await seedGradableCopy(tdb.db, server.ctx.config.mediaDir);
  const studentUser = await createUser(tdb.db, "STUDENT");
  const copy = await tdb.db.copy.update({ where: { id: s.copyId }, data: { student: { update: { userId: studentUser.id } } } });
  await tdb.db.copy.update({ where: { id: other.copyId }, data: { studentId: copy.studentId } }); // the same student, in another exam
  const rangeUser = await createUser(tdb.db, "GRADER");
  await tdb.db.assignment.create({ data: { copyId: s.copyId, graderId: rangeUser.id, questionIds: [s.questions.q2] } }); // dispatched question 2 only
  users = {
    admin: await createUser(tdb.db, "ADMIN"),
    supervisor: await createUser(tdb.db, "SUPERVISOR"),
    grader: s.grader,
    rangeGrader: rangeUser,
    student: studentUser,
  };
  [admin, supervisor, grader, rangeGrader, student] = (await Promise.all(
    [users.admin, users.supervisor, users.grader, users.rangeGrader, users.student].map(signedIn),
  )) as [TestClient, TestClient, TestClient, TestClient, TestClient];
  otherStudent = await signedIn(await createUser(tdb.db, "STUDENT"));
  anonymous = new TestClient(server.url);
  await finalizeAndRelease();
  await tdb.db.exam.update({ where: { id: other.examId }, data: { regradeWindowDays: 30 } });
  await listen("supervisor", users.supervisor, true);
  await listen("admin", users.admin, true);
  await listen("grader", users.grader, false);
  await listen("rangeGrader", users.rangeGrader, false);
}, 180_000);
afterAll(async () => {
  for (const k of sockets) k.close();
  await worker?.stop();
  await server?.close();
  await tdb?.drop();
});

describe("regrade requests", () => {
  let onQ1a: string, onQ1b: string, onQ2: string;

  it("an exam takes no request until its window is set; supervisors and the office set it", async () => {
    expect((await mine()).body.window).toMatchObject({ open: false, closesAt: null, max: 3 });
    const closed = await ask(student, { questionId: s.questions.q1a, message: "Je pense mériter un point de plus." });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe("REGRADE_CLOSED");
    for (const [c, status] of [
      [grader, 403],
      [student, 403],
      [anonymous, 401],
    ] as const)
      expect((await settings(c, { windowDays: 7, maxPerStudent: 2 })).status).toBe(status);
    expect((await settings(admin, { windowDays: 10, maxPerStudent: 3 })).status).toBe(200);
    const set = await settings(supervisor, { windowDays: 7, maxPerStudent: 2 });
    expect(set.body.settings).toEqual({ windowDays: 7, maxPerStudent: 2 });
    expect((await settings(supervisor, { windowDays: 0, maxPerStudent: 2 })).status).toBe(400);
    expect((await settings(supervisor, { windowDays: 7, maxPerStudent: 2, extra: 1 })).status).toBe(400);
    expect((await supervisor.get(`/api/regrade/exams/${s.examId}/settings`)).body.settings).toEqual({ windowDays: 7, maxPerStudent: 2 });
    expect((await grader.get(`/api/regrade/exams/${s.examId}/settings`)).status).toBe(403);
    expect((await supervisor.get(`/api/regrade/exams/${MISSING}/settings`)).status).toBe(404);
    const w = (await mine()).body.window;
    expect(w).toMatchObject({ open: true, max: 2, remaining: 2 });
    expect(Date.parse(w.closesAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
  });

  it("a student asks about one question; HTML in the message is kept as text; it reaches the dashboards and the graders concerned live", async () => {
    const r = await ask(student, { questionId: s.questions.q1a, message: `  ${HTML}  ` });
    expect(r.status).toBe(201);
    expect(r.body.request).toMatchObject({
      status: "OPEN",
      message: HTML,
      questionLabel: "Exercice 1 › 1.a",
      fromVersion: 1,
      resolvedVersion: null,
      answer: null,
    });
    onQ1a = r.body.request.id;
    expect((await tdb.db.regradeRequest.findUniqueOrThrow({ where: { id: onQ1a } })).message).toBe(HTML);
    const event = { examId: s.examId, copyId: s.copyId, requestId: onQ1a, questionId: s.questions.q1a, status: "OPEN" };
    for (const who of ["supervisor", "admin", "grader"]) await expect.poll(() => heard[who], { timeout: 30_000 }).toContainEqual(event);
    expect((await mine()).body.requests.map((x: any) => [x.id, x.status])).toEqual([[onQ1a, "OPEN"]]);
  });

  it("one pending request per question: a duplicate is refused and changes nothing", async () => {
    const before = await requestCount();
    const dup = await ask(student, { questionId: s.questions.q1a, message: "Encore une fois" });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe("REGRADE_DUPLICATE");
    expect(await requestCount()).toBe(before);
  });

  it("bad messages and questions are refused and change nothing: 100 KB, empty, blank, unknown question, extra field", async () => {
    const before = await requestCount();
    for (const body of [
      { questionId: s.questions.q1b, message: "x".repeat(100 * 1024) },
      { questionId: s.questions.q1b, message: "x".repeat(2001) },
      { questionId: s.questions.q1b, message: "" },
      { questionId: s.questions.q1b, message: "   \n " },
      { questionId: "not-a-uuid", message: "Bonjour" },
      { questionId: s.questions.q1b, message: "Bonjour", studentId: users.admin.id },
      { questionId: s.questions.q1b },
    ]) {
      const r = await ask(student, body);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe("VALIDATION_FAILED");
    }
    const unknown = await ask(student, { questionId: other.questions.q1b, message: "Une question d'un autre examen" });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe("UNKNOWN_QUESTION");
    const exercise = await tdb.db.scaleNode.findFirstOrThrow({ where: { examId: s.examId, label: "Exercice 1" } });
    expect((await ask(student, { questionId: exercise.id, message: "Tout l'exercice" })).status).toBe(422); // one question, not a whole part
    expect(await requestCount()).toBe(before);
  });

  it("another student's copy, an unreleased copy and a missing one answer the same 404", async () => {
    const before = await requestCount();
    const missing = await ask(student, { questionId: s.questions.q1b, message: "Bonjour" }, MISSING);
    expect(missing.status).toBe(404);
    const foreign = await ask(otherStudent, { questionId: s.questions.q1b, message: "Bonjour" });
    const unreleased = await ask(student, { questionId: other.questions.q1b, message: "Bonjour" }, other.copyId);
    for (const r of [foreign, unreleased]) expect([r.status, r.body]).toEqual([missing.status, missing.body]);
    for (const c of [mine(otherStudent), mine(student, other.copyId), mine(student, MISSING)])
      expect([(await c).status, (await c).body]).toEqual([missing.status, missing.body]);
    for (const c of [admin, supervisor, grader]) expect((await ask(c, { questionId: s.questions.q1b, message: "Bonjour" })).status).toBe(403);
    expect((await ask(anonymous, { questionId: s.questions.q1b, message: "Bonjour" })).status).toBe(401);
    expect((await mine(anonymous)).status).toBe(401);
    expect(await requestCount()).toBe(before);
  });

  it("after the window, a request is refused", async () => {
    const v = await tdb.db.releasedVersion.findFirstOrThrow({ where: { copyId: s.copyId } });
    await tdb.db.releasedVersion.update({ where: { id: v.id }, data: { releasedAt: new Date(Date.now() - 8 * 86_400_000) } });
    try {
      const late = await ask(student, { questionId: s.questions.q1b, message: "Trop tard ?" });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe("REGRADE_CLOSED");
      expect((await mine()).body.window.open).toBe(false);
    } finally {
      await tdb.db.releasedVersion.update({ where: { id: v.id }, data: { releasedAt: v.releasedAt } });
    }
  });

  it("a cap per student on the exam; a withdrawn request gives its place back", async () => {
    const b = await ask(student, { questionId: s.questions.q1b, message: '=HYPERLINK("http://x";"1.b")' });
    expect(b.status).toBe(201);
    onQ1b = b.body.request.id;
    const capped = await ask(student, { questionId: s.questions.q2, message: "Et la question 2 ?" });
    expect(capped.status).toBe(409);
    expect(capped.body).toMatchObject({ code: "REGRADE_CAP_REACHED", details: { max: 2 } });
    expect((await mine()).body.window).toMatchObject({ open: false, remaining: 0 });

    // withdraw: the student's own open request only
    expect((await otherStudent.post(`/api/portal/regrade-requests/${onQ1b}/withdraw`)).status).toBe(404);
    expect((await supervisor.post(`/api/portal/regrade-requests/${onQ1b}/withdraw`)).status).toBe(403);
    expect((await anonymous.post(`/api/portal/regrade-requests/${onQ1b}/withdraw`)).status).toBe(401);
    const missing = await student.post(`/api/portal/regrade-requests/${MISSING}/withdraw`);
    expect([missing.status, missing.body]).toEqual([404, (await otherStudent.post(`/api/portal/regrade-requests/${onQ1b}/withdraw`)).body]);
    const w = await student.post(`/api/portal/regrade-requests/${onQ1b}/withdraw`);
    expect(w.body.request.status).toBe("WITHDRAWN");
    expect((await student.post(`/api/portal/regrade-requests/${onQ1b}/withdraw`)).body.code).toBe("INVALID_STATE");
    await expect.poll(() => heard.grader, { timeout: 30_000 }).toContainEqual(expect.objectContaining({ requestId: onQ1b, status: "WITHDRAWN" }));

    const q2 = await ask(student, { questionId: s.questions.q2, message: "Et la question 2 ?" });
    expect(q2.status).toBe(201);
    onQ2 = q2.body.request.id;
  });

  it("regrade:changed reaches only the graders concerned; students and anonymous cannot connect", async () => {
    // the question-2 grader's first event is the request on question 2: nothing about 1.a or 1.b reached them
    await expect.poll(() => heard.rangeGrader!.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(heard.rangeGrader![0]).toMatchObject({ requestId: onQ2, questionId: s.questions.q2, status: "OPEN" });
    expect(heard.rangeGrader!.every((e) => e.questionId === s.questions.q2)).toBe(true);
    await expect.poll(() => heard.grader, { timeout: 30_000 }).toContainEqual(expect.objectContaining({ requestId: onQ2 }));
    for (const e of [...heard.supervisor!, ...heard.grader!]) expect(Object.keys(e).sort()).toEqual(["copyId", "examId", "questionId", "requestId", "status"]); // no names, no message
    await expect(connected(connectGrading(server.url, { cookie: await signIn(server.url, users.student) }))).rejects.toThrow();
    await expect(connected(connectGrading(server.url))).rejects.toThrow();
    const g = await connected(connectGrading(server.url, { cookie: await signIn(server.url, users.grader) }));
    sockets.push(g);
    expect((await request(g, "exam:watch", { examId: s.examId })).ok).toBe(false); // the dashboards' room is not theirs
  });

  it("the queue: supervisors and the office see every request, a grader the ones on their copies or questions", async () => {
    const all = await queue(supervisor);
    expect(all.status).toBe(200);
    expect(all.body.requests.map((r: any) => [r.id, r.status])).toEqual([
      [onQ1a, "OPEN"],
      [onQ1b, "WITHDRAWN"],
      [onQ2, "OPEN"],
    ]);
    expect(all.body.requests[0]).toMatchObject({
      anonymousCode: expect.any(String),
      copyState: "GRADED",
      examTitle: "Bac blanc de mathématiques",
      message: HTML,
    });
    expect(JSON.stringify(all.body)).not.toContain("DUPONT"); // graders grade blind: no names in the queue
    expect((await queue(admin)).body.requests).toHaveLength(3);
    expect((await queue(supervisor, "?status=OPEN")).body.requests.map((r: any) => r.id)).toEqual([onQ1a, onQ2]);
    expect((await queue(grader)).body.requests).toHaveLength(3);
    expect((await queue(rangeGrader)).body.requests.map((r: any) => r.id)).toEqual([onQ2]);
    expect((await rangeGrader.get("/api/regrade/requests")).body.requests.map((r: any) => r.id)).toEqual([onQ2]);
    expect((await grader.get("/api/regrade/requests")).body.requests.map((r: any) => r.id)).toEqual([onQ1a, onQ2]);
    const outsider = await signedIn(await createUser(tdb.db, "GRADER"));
    expect((await queue(outsider)).body.requests).toEqual([]);
    expect((await queue(student)).status).toBe(403);
    expect((await student.get("/api/regrade/requests")).status).toBe(403);
    expect((await queue(anonymous)).status).toBe(401);
    expect((await queue(supervisor, "?status=LOST")).status).toBe(400);
    expect((await supervisor.get(`/api/regrade/exams/${MISSING}/requests`)).status).toBe(404);
  });

  it("a refusal needs a reason; the student reads it (as text) and is notified", async () => {
    const before = await tdb.db.regradeRequest.findUniqueOrThrow({ where: { id: onQ2 } });
    expect((await answer(rangeGrader, onQ2, { decision: "refuse" })).status).toBe(400);
    expect((await answer(rangeGrader, onQ2, { decision: "refuse", reason: "  " })).status).toBe(400);
    expect((await answer(rangeGrader, onQ2, { decision: "maybe", reason: "?" })).status).toBe(400);
    expect((await answer(rangeGrader, onQ2, { decision: "refuse", reason: "x".repeat(100 * 1024) })).status).toBe(400);
    expect(await tdb.db.regradeRequest.findUniqueOrThrow({ where: { id: onQ2 } })).toEqual(before);
    const reason = "Le barème attend la justification <i>complète</i> : 4/5 est juste.";
    const r = await answer(rangeGrader, onQ2, { decision: "refuse", reason });
    expect(r.status).toBe(200);
    expect(r.body.request).toMatchObject({ status: "REFUSED", answer: reason, answeredBy: expect.stringContaining("Test GRADER") });
    expect((await mine()).body.requests.find((x: any) => x.id === onQ2)).toMatchObject({ status: "REFUSED", answer: reason });
    expect(await tdb.db.notice.count({ where: { kind: "REGRADE_ANSWERED", userId: users.student.id, params: { path: ["requestId"], equals: onQ2 } } })).toBe(1);
    expect((await answer(supervisor, onQ2, { decision: "accept" })).body.code).toBe("INVALID_STATE");
    await expect.poll(() => heard.supervisor, { timeout: 30_000 }).toContainEqual(expect.objectContaining({ requestId: onQ2, status: "REFUSED" }));
  });

  it("answering: a grader not concerned gets the 404 of a missing request; students 403; anonymous 401", async () => {
    const missing = await answer(rangeGrader, MISSING, { decision: "accept" });
    expect(missing.status).toBe(404);
    const notMine = await answer(rangeGrader, onQ1a, { decision: "accept" });
    expect([notMine.status, notMine.body]).toEqual([missing.status, missing.body]);
    expect((await answer(student, onQ1a, { decision: "accept" })).status).toBe(403);
    expect((await answer(anonymous, onQ1a, { decision: "accept" })).status).toBe(401);
    expect((await tdb.db.regradeRequest.findUniqueOrThrow({ where: { id: onQ1a } })).status).toBe("OPEN");
    expect(await copyState()).toBe("GRADED");
  });

  it("acceptance reopens the copy; the grader regrades; the next release resolves the request with the new version", async () => {
    const r = await answer(grader, onQ1a, { decision: "accept", note: "Vous avez raison, je revois la question." });
    expect(r.status).toBe(200);
    expect(r.body.request).toMatchObject({ status: "ACCEPTED", answer: "Vous avez raison, je revois la question." });
    expect(await copyState()).toBe("READY");
    const reopened = await tdb.db.auditEvent.findFirstOrThrow({ where: { action: "copy.reopened", targetId: s.copyId } });
    expect(reopened.details).toMatchObject({ regradeRequestId: onQ1a });
    expect((await mine()).body.requests.find((x: any) => x.id === onQ1a).status).toBe("ACCEPTED");
    expect((await student.get(`/api/portal/copies/${s.copyId}`)).body.copy.version).toBe(1); // still the released version

    await s.edit((d) => setAdjustment(d, s.questions.q1a, { points: -0.5, comment: "Revu après demande de révision" }));
    const rel = await finalizeAndRelease();
    expect(rel.body.versions).toEqual({ [s.copyId]: 2 });
    const seen = (await mine()).body.requests.find((x: any) => x.id === onQ1a);
    expect(seen).toMatchObject({ status: "RESOLVED", fromVersion: 1, resolvedVersion: 2 });
    expect((await student.get(`/api/portal/copies/${s.copyId}`)).body.copy.version).toBe(2);
    const notice = await tdb.db.notice.findFirstOrThrow({ where: { kind: "REGRADE_ANSWERED", params: { path: ["requestId"], equals: onQ1a } } });
    expect(notice.params).toMatchObject({ marksChanged: true });
    for (const who of ["supervisor", "grader"])
      await expect.poll(() => heard[who], { timeout: 30_000 }).toContainEqual(expect.objectContaining({ requestId: onQ1a, status: "RESOLVED" }));
    expect((await answer(supervisor, onQ1a, { decision: "refuse", reason: "Trop tard" })).body.code).toBe("INVALID_STATE");
  }, 180_000);

  it("every create, answer, withdrawal and resolution is audited", async () => {
    const events = await tdb.db.auditEvent.findMany({ where: { targetType: "RegradeRequest" }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.targetId])).toEqual([
      ["regrade.requested", onQ1a],
      ["regrade.requested", onQ1b],
      ["regrade.withdrawn", onQ1b],
      ["regrade.requested", onQ2],
      ["regrade.answered", onQ2],
      ["regrade.answered", onQ1a],
      ["regrade.resolved", onQ1a],
    ]);
    expect(events.find((e) => e.action === "regrade.answered" && e.targetId === onQ2)!.actorId).toBe(users.rangeGrader.id);
    expect(await tdb.db.auditEvent.count({ where: { action: "exam.regrade_settings", targetId: s.examId } })).toBe(2);
  });

  it("the office exports the requests with their outcomes as CSV (BOM, ';', formula-safe); nobody else", async () => {
    const res = await fetch(`${server.url}/api/exports/exams/${s.examId}/regrades.csv`, { headers: { cookie: admin.cookieHeader } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="Bac blanc de mathematiques_revisions\.csv"|attachment;/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel reads the accents
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFFcode_anonyme;nom;prenom;classe;question;")).toBe(true);
    const lines = text.trim().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(text).toContain("DUPONT");
    expect(text).toContain(`'=HYPERLINK(""http://x"";""1.b"")`); // neutralized and quoted
    expect(text).toMatch(/;RESOLVED;Vous avez raison, je revois la question\.;[^;]*;[^;]*;1;2$/m);
    expect(text).toMatch(/;REFUSED;/);
    expect(text).toMatch(/;WITHDRAWN;/);
    for (const [c, status] of [
      [supervisor, 403],
      [grader, 403],
      [student, 403],
      [anonymous, 401],
    ] as const)
      expect((await c.get(`/api/exports/exams/${s.examId}/regrades.csv`)).status).toBe(status);
    expect((await admin.get(`/api/exports/exams/${MISSING}/regrades.csv`)).status).toBe(404);
    expect(await tdb.db.auditEvent.count({ where: { action: "export.regrades", targetId: s.examId } })).toBe(1);
  });

  it("access per role on every route: allowed, 403, or the 404 of a missing object", async () => {
    type Who = "ADMIN" | "SUPERVISOR" | "GRADER" | "OTHER_GRADER" | "STUDENT" | "OTHER_STUDENT" | "ANON";
    const outsider = await signedIn(await createUser(tdb.db, "GRADER"));
    const as: Record<Who, TestClient> = {
      ADMIN: admin,
      SUPERVISOR: supervisor,
      GRADER: grader,
      OTHER_GRADER: outsider,
      STUDENT: student,
      OTHER_STUDENT: otherStudent,
      ANON: anonymous,
    };
    // "ok": neither 401, 403 nor 404 (a 409 on a settled request has passed the access checks)
    const staffOnly = { ADMIN: "ok", SUPERVISOR: "ok", GRADER: "ok", OTHER_GRADER: "ok", STUDENT: 403, OTHER_STUDENT: 403, ANON: 401 } as const;
    const overseers = { ADMIN: "ok", SUPERVISOR: "ok", GRADER: 403, OTHER_GRADER: 403, STUDENT: 403, OTHER_STUDENT: 403, ANON: 401 } as const;
    const owner = { ADMIN: 403, SUPERVISOR: 403, GRADER: 403, OTHER_GRADER: 403, STUDENT: "ok", OTHER_STUDENT: 404, ANON: 401 } as const;
    const matrix: Record<string, { method: string; url: string; json?: unknown; expect: Record<Who, "ok" | 401 | 403 | 404> }> = {
      "GET /portal/copies/:id/regrade-requests": { method: "GET", url: `/api/portal/copies/${s.copyId}/regrade-requests`, expect: owner },
      "POST /portal/copies/:id/regrade-requests": {
        method: "POST",
        url: `/api/portal/copies/${s.copyId}/regrade-requests`,
        json: { questionId: s.questions.q1a, message: "Encore ?" },
        expect: owner,
      },
      "POST /portal/regrade-requests/:id/withdraw": { method: "POST", url: `/api/portal/regrade-requests/${onQ2}/withdraw`, expect: owner },
      "GET /regrade/requests": { method: "GET", url: "/api/regrade/requests", expect: staffOnly },
      "GET /regrade/exams/:examId/requests": { method: "GET", url: `/api/regrade/exams/${s.examId}/requests`, expect: staffOnly },
      "POST /regrade/requests/:id/answer": {
        method: "POST",
        url: `/api/regrade/requests/${onQ2}/answer`,
        json: { decision: "accept" },
        expect: { ...staffOnly, OTHER_GRADER: 404 },
      },
      "GET /regrade/exams/:examId/settings": { method: "GET", url: `/api/regrade/exams/${s.examId}/settings`, expect: overseers },
      "PUT /regrade/exams/:examId/settings": {
        method: "PUT",
        url: `/api/regrade/exams/${s.examId}/settings`,
        json: { windowDays: 7, maxPerStudent: 2 },
        expect: overseers,
      },
      "GET /exports/exams/:examId/regrades.csv": {
        method: "GET",
        url: `/api/exports/exams/${s.examId}/regrades.csv`,
        expect: { ...overseers, SUPERVISOR: 403 },
      },
    };
    expect(listRoutes(regradeRoutes(server.ctx)).sort()).toEqual(Object.keys(matrix).sort());
    const before = await tdb.db.regradeRequest.findMany({ orderBy: { id: "asc" } });
    for (const [route, m] of Object.entries(matrix)) {
      for (const [who, want] of Object.entries(m.expect) as [Who, "ok" | number][]) {
        const r = await as[who].request(m.method, m.url, { json: m.json });
        if (want === "ok") expect([route, who, [401, 403, 404].includes(r.status)]).toEqual([route, who, false]);
        else expect([route, who, r.status]).toEqual([route, who, want]);
      }
    }
    expect(await tdb.db.regradeRequest.findMany({ orderBy: { id: "asc" } })).toEqual(before); // settled or pending: nothing moved
  });
});
