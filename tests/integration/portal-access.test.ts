// Student portal: a student sees their released, graded copies — marks, comments, the PDF — and
// nothing else. Every other copy id, released or not, theirs or not, answers exactly like an id that
// was never issued (404 NOT_FOUND), on the detail and on the PDF.
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
let alice: TestClient;
const ids: Record<string, string> = {};
let releasedPdf: Uint8Array;

async function signedIn(user: { username: string; password: string }) {
  const c = new TestClient(server.url);
  expect((await c.login(user.username, user.password)).status).toBe(200);
  return c;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const media = path.join(server.dataDir, "media");
  exam = await createSupervisedExam(tdb.db, { title: "Bac blanc de physique" });
  const [q1, q2, q3] = exam.leaves.map((l) => l.id) as [string, string, string];
  const a = await createStudent(tdb.db, { lastName: "MARTIN", firstName: "Alice", account: true });
  const b = await createStudent(tdb.db, { lastName: "DURAND", firstName: "Bob", account: true });
  const mine = await createScoredCopy(tdb.db, media, exam.id, {
    studentId: a.student.id,
    released: true,
    scores: { [q1]: 3.5, [q2]: 6, [q3]: 7.25 },
    comments: { [q1]: "Bonne démarche, conclusion trop rapide." },
    general: "Travail sérieux.",
  });
  ids.mine = mine.id;
  releasedPdf = mine.pdfBytes!;
  // a second exam where Alice's copy is graded but not released
  const other = await createSupervisedExam(tdb.db);
  ids.unreleased = (await createScoredCopy(tdb.db, media, other.id, { studentId: a.student.id, scores: { [other.leaves[0]!.id]: 1 } })).id;
  // reopened after release: back to READY, releasedAt kept — not to be shown while being regraded
  const third = await createSupervisedExam(tdb.db);
  const reopened = await createScoredCopy(tdb.db, media, third.id, { studentId: a.student.id, state: "READY", scores: {} });
  await tdb.db.copy.update({ where: { id: reopened.id }, data: { releasedAt: new Date() } });
  ids.reopened = reopened.id;
  ids.someoneElse = (await createScoredCopy(tdb.db, media, exam.id, { studentId: b.student.id, released: true, scores: { [q1]: 1 } })).id;
  ids.unidentified = (await createScoredCopy(tdb.db, media, exam.id, { released: true, scores: { [q1]: 2 } })).id;
  ids.neverIssued = "6f1d3c55-2b0a-4c39-9d1e-8a51c0f4e2b7";
  alice = await signedIn(a.user!);
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("student portal", () => {
  it("lists only the student's released, graded copies, with totals", async () => {
    const r = await alice.get("/api/portal/copies");
    expect(r.status).toBe(200);
    expect(r.body.copies).toEqual([
      expect.objectContaining({
        id: ids.mine,
        anonymousCode: `${exam.codePrefix}-001`,
        total: 16.75,
        maxPoints: 20,
        exam: expect.objectContaining({ title: "Bac blanc de physique", examDate: "2026-11-18" }),
      }),
    ]);
  });

  it("shows marks per question with comments, the general comment and the PDF links", async () => {
    const r = await alice.get(`/api/portal/copies/${ids.mine}`);
    expect(r.status).toBe(200);
    const copy = r.body.copy;
    expect(copy.total).toBe(16.75);
    expect(copy.general).toBe("Travail sérieux.");
    expect(copy.rows).toEqual([
      { depth: 0, label: "Exercice 1", group: true, points: 9.5, max: 10 },
      { depth: 1, label: "1.a", group: false, points: 3.5, max: 4, comment: "Bonne démarche, conclusion trop rapide." },
      { depth: 1, label: "1.b", group: false, points: 6, max: 6 },
      { depth: 0, label: "Exercice 2", group: true, points: 7.25, max: 10 },
      { depth: 1, label: "2", group: false, points: 7.25, max: 10 },
    ]);
    expect(copy.pdf).toEqual({
      url: `/api/portal/copies/${ids.mine}/pdf`,
      downloadUrl: `/api/portal/copies/${ids.mine}/pdf?download=1`,
      sizeBytes: releasedPdf.byteLength,
    });
  });

  it("serves the student's PDF inline, or as a download", async () => {
    const inline = await fetch(`${server.url}/api/portal/copies/${ids.mine}/pdf`, { headers: { cookie: alice.cookieHeader } });
    expect(inline.status).toBe(200);
    expect(inline.headers.get("content-type")).toBe("application/pdf");
    expect(inline.headers.get("content-disposition")).toMatch(/^inline; filename="Bac blanc de physique - MARTIN Alice.pdf"/);
    expect(new Uint8Array(await inline.arrayBuffer())).toEqual(releasedPdf);
    const download = await fetch(`${server.url}/api/portal/copies/${ids.mine}/pdf?download=1`, { headers: { cookie: alice.cookieHeader } });
    expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);
    await download.arrayBuffer();
  });

  describe("IDOR: anything but their own released copy answers like a copy that does not exist", () => {
    const cases = ["unreleased", "reopened", "someoneElse", "unidentified", "neverIssued"] as const;
    for (const which of cases) {
      it.each(["", "/pdf", "/pdf?download=1"])(`${which} copy${"%s"} → 404`, async (suffix) => {
        const r = await alice.get(`/api/portal/copies/${ids[which]}${suffix}`);
        expect(r.status).toBe(404);
        expect(r.body).toEqual({ code: "NOT_FOUND", message: "Not found" });
        expect(r.headers.get("content-type")).not.toMatch(/pdf/);
      });
    }
  });

  it("hides a copy again as soon as it is unreleased", async () => {
    await tdb.db.copy.update({ where: { id: ids.mine }, data: { releasedAt: null } });
    try {
      expect((await alice.get("/api/portal/copies")).body.copies).toEqual([]);
      expect((await alice.get(`/api/portal/copies/${ids.mine}`)).status).toBe(404);
      expect((await alice.get(`/api/portal/copies/${ids.mine}/pdf`)).status).toBe(404);
    } finally {
      await tdb.db.copy.update({ where: { id: ids.mine }, data: { releasedAt: new Date() } });
    }
  });

  it("is for students: staff are refused (403), anonymous callers must sign in (401)", async () => {
    for (const role of ["GRADER", "SUPERVISOR", "ADMIN"] as const) {
      const staff = await signedIn(await createUser(tdb.db, role));
      for (const url of ["/api/portal/copies", `/api/portal/copies/${ids.mine}`, `/api/portal/copies/${ids.mine}/pdf`]) {
        const r = await staff.get(url);
        expect([role, url, r.status]).toEqual([role, url, 403]);
      }
    }
    const anon = new TestClient(server.url);
    expect((await anon.get(`/api/portal/copies/${ids.mine}/pdf`)).status).toBe(401);
  });

  it("students cannot reach the staff copy and PDF routes, and media files are not served", async () => {
    for (const url of [
      `/api/copies/${ids.mine}/render/pdf`,
      `/api/copies/${ids.someoneElse}/render/pdf`,
      `/api/copies/${ids.mine}/pdf`,
      `/api/copies/${ids.someoneElse}`,
    ]) {
      const r = await alice.get(url);
      expect([url, r.status]).toEqual([url, 403]);
    }
    const artifact = await tdb.db.renderedArtifact.findFirstOrThrow({ where: { copyId: ids.someoneElse } });
    for (const url of [`/media/${artifact.storagePath}`, `/${artifact.storagePath}`, `/api/media/${artifact.storagePath}`]) {
      const r = await alice.get(url);
      expect(r.headers.get("content-type") ?? "").not.toMatch(/pdf/);
    }
  });
});
