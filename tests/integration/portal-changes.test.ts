// What a student sees changed between released versions: version 1 → reopen, marks corrected →
// version 2 (reason: correction; regrade where a resolved request settled the question) → a rubric
// change → version 3 (reason: rubric); the PDF of every version; bad input and every role.
// Real worker, real PDFs.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyItem, clearQuestion, setScore } from "../../collab/index.ts";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createRubricVersion } from "../helpers/rubric-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";
import { seedGradableCopy, type SeededCopy } from "../fixtures/render/seed-copy.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let worker: RunningWorker;
let s: SeededCopy;
let admin: TestClient;
let supervisor: TestClient;
let grader: TestClient;
let student: TestClient;
let otherStudent: TestClient;
const METHOD = { id: "it-method", label: "Méthode correcte", points: 1.5, feedback: "Bonne méthode." };
const NEVER_ISSUED = "6f1d3c55-2b0a-4c39-9d1e-8a51c0f4e2b7";

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

const copyState = async () => (await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).state;
const artifact = () => tdb.db.renderedArtifact.findFirst({ where: { copyId: s.copyId }, orderBy: { createdAt: "desc" } });
const release = () => admin.post(`/api/release/exams/${s.examId}/release`, {});
const changes = (client: TestClient, query = "", copyId = s.copyId) => client.get(`/api/portal/copies/${copyId}/changes${query}`);

async function finalizeAndWait() {
  await tdb.db.copyLock.upsert({
    where: { copyId: s.copyId },
    create: { copyId: s.copyId, holderId: s.grader.id, sessionId: "s", nodeId: "n", expiresAt: new Date(Date.now() + 60_000) },
    update: {},
  });
  const r = await grader.post(`/api/copies/${s.copyId}/finalize`);
  expect(r.status).toBe(202);
  await waitFor("the render", async () => (await copyState()) === "GRADED");
}

async function versionPdf(client: TestClient, n: number | string, suffix = "", copyId = s.copyId) {
  const res = await fetch(`${server.url}/api/portal/copies/${copyId}/versions/${n}/pdf${suffix}`, { headers: { cookie: client.cookieHeader } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return {
    status: res.status,
    headers: res.headers,
    bytes,
    sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
    json: () => JSON.parse(Buffer.from(bytes).toString("utf8")),
  };
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  worker = await startWorker(server.ctx, { concurrency: 1 });
  s = await seedGradableCopy(tdb.db, server.ctx.config.mediaDir);
  await createRubricVersion(tdb.db, s.examId, { [s.questions.q1a]: { items: [METHOD] } });
  await s.edit((d) => {
    clearQuestion(d, s.questions.q1a);
    applyItem(d, s.questions.q1a, METHOD.id, 1);
  });
  const user = await createUser(tdb.db, "STUDENT");
  await tdb.db.student.updateMany({ where: { copies: { some: { id: s.copyId } } }, data: { userId: user.id } });
  student = await signedIn(user);
  otherStudent = await signedIn(await createUser(tdb.db, "STUDENT"));
  admin = await signedIn(await createUser(tdb.db, "ADMIN"));
  supervisor = await signedIn(await createUser(tdb.db, "SUPERVISOR"));
  grader = await signedIn(s.grader);
  await finalizeAndWait();
  expect((await release()).body.versions).toEqual({ [s.copyId]: 1 });
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await server?.close();
  await tdb?.drop();
});

describe("what changed between released versions", () => {
  it("a single version: nothing earlier to compare with", async () => {
    const r = await changes(student);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      versions: [
        {
          number: 1,
          releasedAt: expect.any(String),
          total: 7,
          maxPoints: 10,
          pdf: {
            url: `/api/portal/copies/${s.copyId}/versions/1/pdf`,
            downloadUrl: `/api/portal/copies/${s.copyId}/versions/1/pdf?download=1`,
            sizeBytes: expect.any(Number),
          },
        },
      ],
      current: 1,
      from: null,
      changes: [],
      total: null,
    });
    const same = await changes(student, "?from=1");
    expect(same.status).toBe(400);
    expect(same.body.code).toBe("NOT_AN_EARLIER_VERSION");
  });

  it("reopen, marks corrected, released again: version 2 lists the moved questions, reason correction", async () => {
    expect((await supervisor.post(`/api/copies/${s.copyId}/reopen`)).status).toBe(200);
    await s.edit((d) => {
      setScore(d, s.questions.q1b, 2.5);
      setScore(d, s.questions.q2, 3.5);
    });
    await finalizeAndWait();
    expect((await release()).body.versions).toEqual({ [s.copyId]: 2 });
    const r = await changes(student);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ current: 2, from: 1, total: { before: 7, after: 7.5, maxBefore: 10, maxAfter: 10 } });
    expect(r.body.versions.map((v: any) => v.number)).toEqual([2, 1]);
    expect(r.body.changes).toEqual([
      {
        questionId: s.questions.q1b,
        label: "1.b",
        path: "Exercice 1 › 1.b",
        max: 3,
        maxBefore: 3,
        before: 1.5,
        after: 2.5,
        reason: "correction",
        reasons: ["correction"],
      },
      {
        questionId: s.questions.q2,
        label: "2",
        path: "Exercice 2 › 2",
        max: 5,
        maxBefore: 5,
        before: 4,
        after: 3.5,
        reason: "correction",
        reasons: ["correction"],
      },
    ]);
  }, 180_000);

  it("a regrade request resolved by version 2 on a question makes that question's reason regrade", async () => {
    const copy = await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } });
    await tdb.db.regradeRequest.create({
      data: {
        copyId: s.copyId,
        questionId: s.questions.q2,
        studentId: copy.studentId!,
        message: "Ma réponse au 2 est juste.",
        status: "RESOLVED",
        fromVersion: 1,
        resolvedVersion: 2,
      },
    });
    // one still open, and one resolved by another version, change nothing
    await tdb.db.regradeRequest.create({
      data: { copyId: s.copyId, questionId: s.questions.q1b, studentId: copy.studentId!, message: "Et le 1.b ?", status: "OPEN", fromVersion: 1 },
    });
    await tdb.db.regradeRequest.create({
      data: {
        copyId: s.copyId,
        questionId: s.questions.q1b,
        studentId: copy.studentId!,
        message: "Et le 1.b ?",
        status: "RESOLVED",
        fromVersion: 2,
        resolvedVersion: 3,
      },
    });
    const r = await changes(student);
    expect(r.body.changes.map((c: any) => [c.label, c.reason])).toEqual([
      ["1.b", "correction"],
      ["2", "regrade"],
    ]);
  });

  it("a rubric change re-scores the copy: version 3 lists it with reason rubric", async () => {
    const v2Pdf = (await versionPdf(student, 2)).sha256;
    await createRubricVersion(tdb.db, s.examId, { [s.questions.q1a]: { items: [{ ...METHOD, points: 2 }] } });
    expect((await release()).body.awaitingRender).toEqual([s.copyId]);
    await waitFor("the refreshed PDF", async () => {
      const a = await artifact();
      return a && a.sha256 !== v2Pdf && a.marksHash !== null;
    });
    await waitFor("version 3", async () => (await release()).body.versions?.[s.copyId] === 3);
    const r = await changes(student);
    expect(r.body).toMatchObject({ current: 3, from: 2, total: { before: 7.5, after: 8, maxBefore: 10, maxAfter: 10 } });
    expect(r.body.changes).toEqual([
      {
        questionId: s.questions.q1a,
        label: "1.a",
        path: "Exercice 1 › 1.a",
        max: 2,
        maxBefore: 2,
        before: 1.5,
        after: 2,
        reason: "rubric",
        reasons: ["rubric"],
      },
    ]);
  }, 180_000);

  it("from an older version: every question moved since, with its reason", async () => {
    const r = await changes(student, "?from=1");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ current: 3, from: 1, total: { before: 7, after: 8 } });
    expect(r.body.changes.map((c: any) => [c.label, c.before, c.after, c.reason])).toEqual([
      ["1.a", 1.5, 2, "rubric"],
      ["1.b", 1.5, 2.5, "correction"],
      ["2", 4, 3.5, "regrade"],
    ]);
  });

  it("serves the PDF of every released version: the earlier one differs, the current one is the portal's", async () => {
    const v1 = await versionPdf(student, 1);
    const v3 = await versionPdf(student, 3);
    expect([v1.status, v3.status]).toEqual([200, 200]);
    expect(v1.headers.get("content-type")).toBe("application/pdf");
    expect(v1.headers.get("content-disposition")).toMatch(/^inline; filename=".* - version 1\.pdf"/);
    expect(v1.sha256).not.toBe(v3.sha256);
    const rows = await tdb.db.releasedVersion.findMany({ where: { copyId: s.copyId }, orderBy: { number: "asc" } });
    expect(v1.sha256).toBe(rows[0]!.pdfSha256);
    expect(v3.sha256).toBe(rows[2]!.pdfSha256);
    const current = await fetch(`${server.url}/api/portal/copies/${s.copyId}/pdf`, { headers: { cookie: student.cookieHeader } });
    expect(
      crypto
        .createHash("sha256")
        .update(new Uint8Array(await current.arrayBuffer()))
        .digest("hex"),
    ).toBe(v3.sha256);
    const download = await versionPdf(student, 1, "?download=1");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);
    const cached = await fetch(`${server.url}/api/portal/copies/${s.copyId}/versions/1/pdf`, {
      headers: { cookie: student.cookieHeader, "if-none-match": `"${v1.sha256}"` },
    });
    expect(cached.status).toBe(304);
  });

  describe("bad input changes nothing and says why", () => {
    it.each(["?from=abc", "?from=1.5", "?from=-1", "?from=0", "?from=01", "?from=", "?from=1&from=2", "?since=1"])(
      "changes%s → 400 VALIDATION_FAILED",
      async (query) => {
        const r = await changes(student, query);
        expect(r.status).toBe(400);
        expect(r.body.code).toBe("VALIDATION_FAILED");
      },
    );
    it("the current version is not an earlier one (400); a future or unknown one answers like a missing copy (404)", async () => {
      const current = await changes(student, "?from=3");
      expect([current.status, current.body.code]).toEqual([400, "NOT_AN_EARLIER_VERSION"]);
      for (const q of ["?from=4", "?from=999999999"]) {
        const r = await changes(student, q);
        expect([q, r.status, r.body]).toEqual([q, 404, { code: "NOT_FOUND", message: "Not found" }]);
      }
    });
    it.each(["0", "abc", "1.5", "-1", "01"])("versions/%s/pdf → 400 VALIDATION_FAILED", async (n) => {
      const r = await versionPdf(student, n);
      expect(r.status).toBe(400);
      expect(r.json().code).toBe("VALIDATION_FAILED");
    });
    it("a version that does not exist answers like a missing copy", async () => {
      const r = await versionPdf(student, 4);
      expect([r.status, r.json()]).toEqual([404, { code: "NOT_FOUND", message: "Not found" }]);
    });
    it("a malformed copy id → 400", async () => {
      expect((await changes(student, "", "not-a-uuid")).status).toBe(400);
      expect((await versionPdf(student, 1, "", "not-a-uuid")).status).toBe(400);
    });
  });

  describe("access", () => {
    it("another student, a copy never issued: 404, word for word", async () => {
      for (const [who, copyId] of [
        [otherStudent, s.copyId],
        [student, NEVER_ISSUED],
      ] as const) {
        const r = await changes(who, "", copyId);
        expect([r.status, r.body]).toEqual([404, { code: "NOT_FOUND", message: "Not found" }]);
        const p = await versionPdf(who, 1, "", copyId);
        expect([p.status, p.json()]).toEqual([404, { code: "NOT_FOUND", message: "Not found" }]);
        expect(p.headers.get("content-type")).not.toMatch(/pdf/);
      }
    });

    it("an unreleased copy: 404 until released again", async () => {
      expect((await admin.post(`/api/release/exams/${s.examId}/unrelease`, {})).body.changed).toEqual([s.copyId]);
      try {
        expect((await changes(student)).body).toEqual({ code: "NOT_FOUND", message: "Not found" });
        expect((await versionPdf(student, 1)).status).toBe(404);
      } finally {
        await release();
      }
      expect((await changes(student)).status).toBe(200);
    });

    it("staff are refused (403, as every portal route), anonymous callers must sign in (401)", async () => {
      for (const [role, client] of [
        ["ADMIN", admin],
        ["SUPERVISOR", supervisor],
        ["GRADER", grader],
      ] as const) {
        expect([role, (await changes(client)).status]).toEqual([role, 403]);
        expect([role, (await versionPdf(client, 1)).status]).toEqual([role, 403]);
      }
      const anon = new TestClient(server.url);
      expect((await changes(anon)).status).toBe(401);
      expect((await versionPdf(anon, 1)).status).toBe(401);
    });
  });
});
