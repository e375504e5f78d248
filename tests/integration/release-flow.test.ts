// Release: an admin releases an exam's graded copies (all, or a selection) and can unrelease them;
// only GRADED copies are ever released; every change is audited, per copy and per exam; the
// student sees the copy exactly while it is released.
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
let student: TestClient;
const c: Record<string, string> = {};

async function signedIn(user: { username: string; password: string }) {
  const client = new TestClient(server.url);
  expect((await client.login(user.username, user.password)).status).toBe(200);
  return client;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const media = path.join(server.dataDir, "media");
  exam = await createSupervisedExam(tdb.db);
  const [q1, q2, q3] = exam.leaves.map((l) => l.id) as [string, string, string];
  const s = await createStudent(tdb.db, { lastName: "PETIT", firstName: "Léa", account: true });
  const t = await createStudent(tdb.db, { lastName: "ROUX", firstName: "Nathan" });
  c.lea = (await createScoredCopy(tdb.db, media, exam.id, { studentId: s.student.id, scores: { [q1]: 4, [q2]: 5, [q3]: 8 } })).id;
  c.nathan = (await createScoredCopy(tdb.db, media, exam.id, { studentId: t.student.id, scores: { [q1]: 1, [q2]: 2, [q3]: 3 } })).id;
  c.ready = (await createScoredCopy(tdb.db, media, exam.id, { state: "READY" })).id;
  c.rendering = (await createScoredCopy(tdb.db, media, exam.id, { state: "FINALIZING", scores: { [q1]: 1, [q2]: 1, [q3]: 1 } })).id;
  admin = await signedIn(await createUser(tdb.db, "ADMIN"));
  student = await signedIn(s.user!);
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

const released = async () =>
  (await tdb.db.copy.findMany({ where: { examId: exam.id, releasedAt: { not: null } }, select: { id: true } })).map((r) => r.id).sort();

describe("release", () => {
  it("shows every copy of the exam with its state, student and total", async () => {
    const r = await admin.get(`/api/release/exams/${exam.id}`);
    expect(r.status).toBe(200);
    expect(r.body.copies.map((x: any) => [x.anonymousCode, x.state, x.student?.lastName ?? null, x.total, x.releasedAt])).toEqual([
      [`${exam.codePrefix}-001`, "GRADED", "PETIT", 17, null],
      [`${exam.codePrefix}-002`, "GRADED", "ROUX", 6, null],
      [`${exam.codePrefix}-003`, "READY", null, null, null],
      [`${exam.codePrefix}-004`, "FINALIZING", null, null, null],
    ]);
  });

  it("before release the student sees nothing; a selection releases only graded copies of the selection", async () => {
    expect((await student.get("/api/portal/copies")).body.copies).toEqual([]);
    const r = await admin.post(`/api/release/exams/${exam.id}/release`, { copyIds: [c.lea, c.ready] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ examId: exam.id, changed: [c.lea], unchanged: [c.ready], versions: { [c.lea!]: 1 }, awaitingRender: [] });
    expect(await released()).toEqual([c.lea]);
    const seen = await student.get("/api/portal/copies");
    expect(seen.body.copies.map((x: any) => [x.id, x.total])).toEqual([[c.lea, 17]]);
  });

  it("releases all graded copies when no selection is given, and only those", async () => {
    const r = await admin.post(`/api/release/exams/${exam.id}/release`, {});
    expect(r.body.changed).toEqual([c.nathan]);
    expect(await released()).toEqual([c.lea, c.nathan].sort());
    // again: nothing changes
    expect((await admin.post(`/api/release/exams/${exam.id}/release`, {})).body.changed).toEqual([]);
  });

  it("unrelease hides the copy from the student at once", async () => {
    const r = await admin.post(`/api/release/exams/${exam.id}/unrelease`, { copyIds: [c.lea] });
    expect(r.body.changed).toEqual([c.lea]);
    expect((await student.get("/api/portal/copies")).body.copies).toEqual([]);
    expect((await student.get(`/api/portal/copies/${c.lea}`)).status).toBe(404);
    expect((await admin.post(`/api/release/exams/${exam.id}/unrelease`, {})).body.changed).toEqual([c.nathan]);
    expect(await released()).toEqual([]);
  });

  it("audits every change, per copy and per exam", async () => {
    const byCopy = await admin.get(`/api/audit?copy=${c.lea}`);
    expect(byCopy.body.events.map((e: any) => e.action)).toEqual(["copy.unreleased", "copy.released"]);
    const byExam = await admin.get(`/api/audit?target=${exam.id}&action=exam.`);
    expect(byExam.body.events.map((e: any) => [e.action, e.details.changed])).toEqual([
      ["exam.unreleased", 1],
      ["exam.unreleased", 1],
      ["exam.released", 0],
      ["exam.released", 1],
      ["exam.released", 1],
    ]);
  });

  it("refuses unknown exams, bad selections and anyone but an admin", async () => {
    expect((await admin.post(`/api/release/exams/6f1d3c55-2b0a-4c39-9d1e-8a51c0f4e2b7/release`, {})).status).toBe(404);
    expect((await admin.post(`/api/release/exams/${exam.id}/release`, { copyIds: ["nope"] })).status).toBe(400);
    expect((await admin.post(`/api/release/exams/${exam.id}/release`, { copyIds: [] })).status).toBe(400);
    for (const role of ["SUPERVISOR", "GRADER", "STUDENT"] as const) {
      const other = await signedIn(await createUser(tdb.db, role));
      expect((await other.post(`/api/release/exams/${exam.id}/release`, {})).status).toBe(403);
      expect((await other.get(`/api/release/exams/${exam.id}`)).status).toBe(403);
    }
    expect(await released()).toEqual([]);
  });
});
