// Released marks are immutable: a release freezes the marks (items, feedback, adjustment, total)
// and the PDF the student sees as a released version. A later change — a rubric item's points, a
// question's max, a reopen and regrade with an adjustment — shows in the portal only once released
// again; re-releasing an unchanged copy creates no version and tells nobody. Real worker, real PDFs.
import crypto from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyItem, clearQuestion, setAdjustment } from "../../collab/index.ts";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createRubricVersion } from "../helpers/rubric-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";
import { pdftotext } from "../fixtures/render/raster.ts";
import { seedGradableCopy, type SeededCopy } from "../fixtures/render/seed-copy.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let worker: RunningWorker;
let s: SeededCopy;
let admin: TestClient;
let supervisor: TestClient;
let student: TestClient;
let otherStudent: TestClient;
const ITEMS = { method: "it-method", sign: "it-sign" };

async function signedIn(user: { username: string; password: string }) {
  const c = new TestClient(server.url);
  expect((await c.login(user.username, user.password)).status).toBe(200);
  return c;
}

async function waitFor<T>(what: string, read: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const copyState = async () => (await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).state;
const artifact = () => tdb.db.renderedArtifact.findUnique({ where: { copyId_docHash: { copyId: s.copyId, docHash: awaitable.docHash ?? "" } } });
const awaitable: { docHash?: string } = {};

async function finalizeAndWait() {
  await tdb.db.copyLock.upsert({
    where: { copyId: s.copyId },
    create: { copyId: s.copyId, holderId: s.grader.id, sessionId: "s", nodeId: "n", expiresAt: new Date(Date.now() + 60_000) },
    update: {},
  });
  const grader = await signedIn(s.grader);
  const r = await grader.post(`/api/copies/${s.copyId}/finalize`);
  expect(r.status).toBe(202);
  awaitable.docHash = r.body.docHash;
  await waitFor("the render", async () => (await copyState()) === "GRADED");
}

async function portalPdf(client: TestClient, copyId = s.copyId) {
  const res = await fetch(`${server.url}/api/portal/copies/${copyId}/pdf`, { headers: { cookie: client.cookieHeader } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, bytes, sha256: crypto.createHash("sha256").update(bytes).digest("hex") };
}

const question = (body: any, label: string) => body.copy.marks.find((m: any) => m.label === label);
const release = () => admin.post(`/api/release/exams/${s.examId}/release`, {});
const notices = () => tdb.db.notice.count({ where: { kind: "COPY_RELEASED", params: { path: ["copyId"], equals: s.copyId } } });

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  worker = await startWorker(server.ctx, { concurrency: 1 });
  s = await seedGradableCopy(tdb.db, server.ctx.config.mediaDir);
  await createRubricVersion(tdb.db, s.examId, {
    [s.questions.q1a]: {
      items: [
        { id: ITEMS.method, label: "Méthode correcte", points: 1.5, feedback: "Bonne méthode : dérivée puis tableau de signes." },
        { id: ITEMS.sign, label: "Résultat juste", points: 0.5 },
      ],
    },
  });
  await s.edit((d) => {
    clearQuestion(d, s.questions.q1a);
    applyItem(d, s.questions.q1a, ITEMS.method, 1);
  });
  const user = await createUser(tdb.db, "STUDENT");
  await tdb.db.student.updateMany({ where: { copies: { some: { id: s.copyId } } }, data: { userId: user.id } });
  student = await signedIn(user);
  otherStudent = await signedIn(await createUser(tdb.db, "STUDENT"));
  admin = await signedIn(await createUser(tdb.db, "ADMIN"));
  supervisor = await signedIn(await createUser(tdb.db, "SUPERVISOR"));
  await finalizeAndWait();
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await server?.close();
  await tdb?.drop();
});

describe("released versions", () => {
  let v1Pdf: string;

  it("the PDF's score sheet lists the applied items with their feedback", async () => {
    const a = await artifact();
    expect(a?.marksHash).toMatch(/^[0-9a-f]{64}$/);
    const text = pdftotext(fs.readFileSync(server.ctx.config.mediaDir + "/" + a!.storagePath)).replace(/\s+/g, " ");
    expect(text).toContain("Méthode correcte");
    expect(text).toContain("+1,5");
    expect(text).toContain("Bonne méthode : dérivée puis tableau de signes.");
    expect(text).not.toContain("Résultat juste"); // not applied
    expect(text).toMatch(/Total 7 \/ 10/); // 1,5 (items) + 1,5 + 4
  });

  it("release freezes version 1: marks with items and feedback, total, PDF; the student is told once", async () => {
    const r = await release();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ changed: [s.copyId], versions: { [s.copyId]: 1 }, awaitingRender: [] });
    const seen = await student.get(`/api/portal/copies/${s.copyId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.copy).toMatchObject({ version: 1, total: 7, maxPoints: 10 });
    expect(question(seen.body, "1.a")).toMatchObject({
      score: 1.5,
      max: 2,
      items: [{ id: ITEMS.method, label: "Méthode correcte", points: 1.5, feedback: "Bonne méthode : dérivée puis tableau de signes." }],
      adjustment: null,
    });
    const pdf = await portalPdf(student);
    expect(pdf.status).toBe(200);
    v1Pdf = pdf.sha256;
    expect(v1Pdf).toBe((await artifact())!.sha256);
    expect(await notices()).toBe(1);
  });

  it("re-releasing an unchanged copy creates no version and sends no notice", async () => {
    const r = await release();
    expect(r.body).toMatchObject({ changed: [], versions: {}, awaitingRender: [] });
    expect(await tdb.db.releasedVersion.count({ where: { copyId: s.copyId } })).toBe(1);
    expect(await notices()).toBe(1);
  });

  it("a rubric change re-scores the copy for staff, but the portal keeps version 1 until released again", async () => {
    await createRubricVersion(tdb.db, s.examId, {
      [s.questions.q1a]: {
        items: [
          { id: ITEMS.method, label: "Méthode correcte", points: 2, feedback: "Bonne méthode : dérivée puis tableau de signes." },
          { id: ITEMS.sign, label: "Résultat juste", points: 0.5 },
        ],
      },
    });
    const staff = await admin.get(`/api/release/exams/${s.examId}`);
    expect(staff.body.copies[0]).toMatchObject({ total: 7.5, releasedVersion: { number: 1, total: 7 }, changedSinceRelease: true });
    const seen = await student.get(`/api/portal/copies/${s.copyId}`);
    expect(seen.body.copy).toMatchObject({ version: 1, total: 7 });
    expect(question(seen.body, "1.a").items[0].points).toBe(1.5);
    expect((await portalPdf(student)).sha256).toBe(v1Pdf);

    // the PDF does not show the new marks yet: release re-renders it and waits
    const first = await release();
    expect(first.body).toMatchObject({ changed: [], awaitingRender: [s.copyId] });
    const v1Hash = (await tdb.db.releasedVersion.findFirstOrThrow({ where: { copyId: s.copyId } })).contentHash;
    await waitFor("the refreshed PDF", async () => {
      const a = await artifact();
      return a && a.marksHash !== v1Hash && a.sha256 !== v1Pdf;
    });
    expect(await copyState()).toBe("GRADED"); // a refresh never moves the copy
    expect((await portalPdf(student)).sha256).toBe(v1Pdf); // still version 1

    const again = await release();
    expect(again.body).toMatchObject({ changed: [s.copyId], versions: { [s.copyId]: 2 }, awaitingRender: [] });
    const now = await student.get(`/api/portal/copies/${s.copyId}`);
    expect(now.body.copy).toMatchObject({ version: 2, total: 7.5 });
    expect((await admin.get(`/api/release/exams/${s.examId}`)).body.copies[0]).toMatchObject({
      releasedVersion: { number: 2, total: 7.5 },
      changedSinceRelease: false,
    });
    expect(question(now.body, "1.a").items[0]).toMatchObject({ points: 2 });
    const pdf = await portalPdf(student);
    expect(pdf.sha256).not.toBe(v1Pdf);
    expect(pdftotext(pdf.bytes).replace(/\s+/g, " ")).toContain("7,5 / 10");
    // the file of version 1 was kept, untouched
    const v1 = await tdb.db.releasedVersion.findFirstOrThrow({ where: { copyId: s.copyId, number: 1 } });
    expect(
      crypto
        .createHash("sha256")
        .update(fs.readFileSync(`${server.ctx.config.mediaDir}/${v1.pdfPath}`))
        .digest("hex"),
    ).toBe(v1Pdf);
    expect(await notices()).toBe(2);
  }, 120_000);

  it("a max changed after release shows only once released again", async () => {
    await tdb.db.scaleNode.update({ where: { id: s.questions.q2 }, data: { maxPoints: 8 } });
    const seen = await student.get(`/api/portal/copies/${s.copyId}`);
    expect(question(seen.body, "2")).toMatchObject({ max: 5 });
    expect(seen.body.copy.maxPoints).toBe(10);
    const before = (await artifact())!.marksHash;
    expect((await release()).body.awaitingRender).toEqual([s.copyId]);
    await waitFor("the refreshed PDF", async () => (await artifact())?.marksHash !== before);
    expect((await release()).body.versions).toEqual({ [s.copyId]: 3 });
    const now = await student.get(`/api/portal/copies/${s.copyId}`);
    expect(now.body.copy).toMatchObject({ version: 3, maxPoints: 13 });
    expect(question(now.body, "2")).toMatchObject({ max: 8, score: 4 });
  }, 120_000);

  it("reopen and regrade: the student keeps the released version (and its PDF) until the next release", async () => {
    const shownBefore = (await portalPdf(student)).sha256;
    expect((await supervisor.post(`/api/copies/${s.copyId}/reopen`)).status).toBe(200);
    expect(await copyState()).toBe("READY");
    const during = await student.get(`/api/portal/copies/${s.copyId}`);
    expect(during.status).toBe(200);
    expect(during.body.copy.version).toBe(3);
    expect((await portalPdf(student)).sha256).toBe(shownBefore);
    expect((await student.get("/api/portal/copies")).body.copies.map((c: any) => [c.id, c.version])).toEqual([[s.copyId, 3]]);

    await s.edit((d) => setAdjustment(d, s.questions.q1a, { points: -0.5, comment: "Unité oubliée" }));
    await finalizeAndWait();
    expect((await student.get(`/api/portal/copies/${s.copyId}`)).body.copy.version).toBe(3);
    const r = await release();
    expect(r.body.versions).toEqual({ [s.copyId]: 4 });
    const now = await student.get(`/api/portal/copies/${s.copyId}`);
    expect(question(now.body, "1.a")).toMatchObject({ score: 1.5, adjustment: { points: -0.5, comment: "Unité oubliée" } });
    const text = pdftotext((await portalPdf(student)).bytes).replace(/\s+/g, " ");
    expect(text).toContain("Ajustement : Unité oubliée");
    expect(await notices()).toBe(4);
  }, 120_000);

  it("unrelease hides it; releasing the same version again shows it without a notice", async () => {
    expect((await admin.post(`/api/release/exams/${s.examId}/unrelease`, {})).body.changed).toEqual([s.copyId]);
    expect((await student.get(`/api/portal/copies/${s.copyId}`)).status).toBe(404);
    expect((await portalPdf(student)).status).toBe(404);
    const r = await release();
    expect(r.body).toMatchObject({ changed: [s.copyId], versions: {} });
    expect((await student.get(`/api/portal/copies/${s.copyId}`)).body.copy.version).toBe(4);
    expect(await notices()).toBe(4);
  });

  it("audits each release with its version", async () => {
    const byCopy = await admin.get(`/api/audit?copy=${s.copyId}&action=copy.released`);
    expect(byCopy.body.events.map((e: any) => [e.details.version, e.details.reshown ?? false]).reverse()).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [4, true],
    ]);
    const v2 = byCopy.body.events.find((e: any) => e.details.version === 2);
    expect(v2.details).toMatchObject({ examId: s.examId, total: 7.5, pdfSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it("nobody else reaches the released version: another student, staff, anonymous", async () => {
    expect((await otherStudent.get(`/api/portal/copies/${s.copyId}`)).status).toBe(404);
    expect((await portalPdf(otherStudent)).status).toBe(404);
    expect((await otherStudent.get("/api/portal/copies")).body.copies).toEqual([]);
    for (const c of [admin, supervisor]) expect((await c.get(`/api/portal/copies/${s.copyId}`)).status).toBe(403);
    expect((await new TestClient(server.url).get(`/api/portal/copies/${s.copyId}`)).status).toBe(401);
  });
});
