// The scan-integrity gate of release: copies that are unidentified, still in staging or shorter than
// the exam's expected page count are refused (409 RELEASE_BLOCKED, each with its reasons) by a
// selection and by "publish all"; an override needs a reason, releases them and is audited; only
// an admin may release, with or without override.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createScoredCopy, createStudent, createSupervisedExam, type SupervisedExam } from "../helpers/supervision-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: SupervisedExam;
let admin: TestClient;
const c = {} as Record<"complete" | "anonymous" | "short" | "staging" | "ready", string>;

async function signedIn(user: { username: string; password: string }) {
  const client = new TestClient(server.url);
  expect((await client.login(user.username, user.password)).status).toBe(200);
  return client;
}

async function addPages(copyId: string, count: number) {
  await tdb.db.page.createMany({
    data: Array.from({ length: count }, (_, i) => ({ copyId, position: i + 1, sourcePath: "scans/none.pdf", sourcePage: i + 1, widthPt: 595, heightPt: 842 })),
  });
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const media = path.join(server.dataDir, "media");
  exam = await createSupervisedExam(tdb.db);
  const scores = Object.fromEntries(exam.leaves.map((l) => [l.id, 1]));
  const student = async (lastName: string) => (await createStudent(tdb.db, { lastName, firstName: "Test" })).student.id;
  c.complete = (await createScoredCopy(tdb.db, media, exam.id, { studentId: await student("COMPLET"), scores })).id;
  c.anonymous = (await createScoredCopy(tdb.db, media, exam.id, { scores })).id;
  c.short = (await createScoredCopy(tdb.db, media, exam.id, { studentId: await student("COURT"), scores })).id;
  c.staging = (await createScoredCopy(tdb.db, media, exam.id, { state: "STAGING" })).id;
  c.ready = (await createScoredCopy(tdb.db, media, exam.id, { state: "READY" })).id; // being graded: not released, not blocking
  await addPages(c.complete, 2);
  await addPages(c.anonymous, 2);
  await addPages(c.short, 1);
  await addPages(c.staging, 2);
  await addPages(c.ready, 1);
  admin = await signedIn(await createUser(tdb.db, "ADMIN"));
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

const released = async () =>
  (await tdb.db.copy.findMany({ where: { examId: exam.id, releasedAt: { not: null } }, select: { id: true } })).map((r) => r.id).sort();
const release = (body: unknown) => admin.post(`/api/release/exams/${exam.id}/release`, body);

describe("release gate", () => {
  it("the exam's expected page count is an optional setting", async () => {
    const bad = await admin.request("PATCH", `/api/exams/${exam.id}`, { json: { expectedPageCount: 0 } });
    expect(bad.status).toBe(400);
    const r = await admin.request("PATCH", `/api/exams/${exam.id}`, { json: { expectedPageCount: 2 } });
    expect(r.status).toBe(200);
    expect(r.body.exam.expectedPageCount).toBe(2);
  });

  it("publish all refuses the exam with every blocking copy and its reasons, and releases nothing", async () => {
    const r = await release({});
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("RELEASE_BLOCKED");
    const code = (id: string) => r.body.details.blocked.find((b: any) => b.copyId === id);
    expect(r.body.details.blocked.map((b: any) => [b.copyId, b.reasons])).toEqual([
      [c.anonymous, ["UNIDENTIFIED"]],
      [c.short, ["PAGES_MISSING"]],
      [c.staging, ["UNIDENTIFIED", "STAGING"]],
    ]);
    expect(code(c.short)).toMatchObject({ pages: 1, expectedPages: 2 });
    expect(code(c.anonymous).anonymousCode).toMatch(/^[0-9A-F]{4}-\d{3}$/);
    expect(await released()).toEqual([]);
  });

  it("a selection is checked on its own copies: a complete one goes, a blocked one is refused", async () => {
    expect((await release({ copyIds: [c.complete] })).status).toBe(200);
    const r = await release({ copyIds: [c.short, c.ready] });
    expect(r.status).toBe(409);
    expect(r.body.details.blocked.map((b: any) => b.copyId)).toEqual([c.short]);
    expect(await released()).toEqual([c.complete]);
  });

  it("an override needs a reason", async () => {
    expect((await release({ override: {} })).status).toBe(400);
    expect((await release({ override: { reason: "  " } })).status).toBe(400);
    expect(await released()).toEqual([c.complete]);
  });

  it("an override with a reason releases the graded blocked copies and is audited with the list", async () => {
    const r = await release({ copyIds: [c.anonymous, c.short], override: { reason: "Page 2 blank on purpose; name checked on paper" } });
    expect(r.status).toBe(200);
    expect(r.body.changed).toEqual([c.anonymous, c.short].sort());
    expect(await released()).toEqual([c.complete, c.anonymous, c.short].sort());
    const audit = await admin.get(`/api/audit?target=${exam.id}&action=release.override`);
    expect(audit.body.events).toHaveLength(1);
    expect(audit.body.events[0].details).toEqual({
      reason: "Page 2 blank on purpose; name checked on paper",
      blocked: [
        { copyId: c.anonymous, anonymousCode: expect.any(String), reasons: ["UNIDENTIFIED"], pages: 2, expectedPages: 2 },
        { copyId: c.short, anonymousCode: expect.any(String), reasons: ["PAGES_MISSING"], pages: 1, expectedPages: 2 },
      ],
    });
  });

  it("the audit page names the copies and the exam instead of showing their ids", async () => {
    const r = await admin.get(`/api/audit?target=${exam.id}&action=release.override`);
    const codes = await tdb.db.copy.findMany({ where: { id: { in: [c.anonymous, c.short] } }, select: { id: true, anonymousCode: true } });
    expect(r.body.names[exam.id]).toBe((await tdb.db.exam.findUniqueOrThrow({ where: { id: exam.id } })).title);
    for (const copy of codes) expect(r.body.names[copy.id]).toBe(copy.anonymousCode);
  });

  it("an override holds for its copies on the next publish all, until what blocked them changes", async () => {
    const blockedNow = async () => {
      const r = await release({});
      expect(r.status).toBe(409);
      return r.body.details.blocked.map((b: any) => b.copyId);
    };
    expect(await blockedNow()).toEqual([c.staging]); // the anonymous and the short copy were vouched for
    const setExpected = (n: number | null) => admin.request("PATCH", `/api/exams/${exam.id}`, { json: { expectedPageCount: n } });
    expect((await setExpected(3)).status).toBe(200); // now short by 2 pages, and the others short too: asked again
    expect(await blockedNow()).toEqual([c.complete, c.anonymous, c.short, c.staging]);
    await setExpected(2); // back to what was accepted
    expect(await blockedNow()).toEqual([c.staging]);
  });

  it("without an expected page count, short copies pass", async () => {
    expect((await admin.request("PATCH", `/api/exams/${exam.id}`, { json: { expectedPageCount: null } })).body.exam.expectedPageCount).toBeNull();
    const r = await release({});
    expect(r.body.details.blocked.map((b: any) => b.copyId)).toEqual([c.staging]); // the anonymous copy's override still holds (unchanged since)
    await admin.request("PATCH", `/api/exams/${exam.id}`, { json: { expectedPageCount: 2 } });
    await tdb.db.page.deleteMany({ where: { copyId: c.anonymous, position: 2 } }); // the copy changed (a page lost): its override no longer covers it
    expect((await release({})).body.details.blocked.map((b: any) => b.copyId)).toEqual([c.anonymous, c.staging]);
    await admin.request("PATCH", `/api/exams/${exam.id}`, { json: { expectedPageCount: null } });
  });

  it("only an admin releases, with or without override", async () => {
    const anon = new TestClient(server.url);
    const body = { copyIds: [c.complete], override: { reason: "checked on paper" } };
    expect((await anon.post(`/api/release/exams/${exam.id}/release`, body)).status).toBe(401);
    for (const role of ["STUDENT", "GRADER", "SUPERVISOR"] as const) {
      const other = await signedIn(await createUser(tdb.db, role));
      const r = await other.post(`/api/release/exams/${exam.id}/release`, body);
      expect(r.status).toBe(403);
      expect((await other.post(`/api/release/exams/${exam.id}/release`, { copyIds: [c.short] })).status).toBe(403);
    }
    expect((await admin.post(`/api/release/exams/${exam.id}/release`, body)).status).toBe(200);
  });
});
