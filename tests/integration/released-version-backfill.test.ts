// Copies released before released versions existed: the start-up backfill gives each version 1 —
// what its student was shown (marks, PDF, release time) — once, whatever the number of runs. Their
// PDFs carry no marks fingerprint (marksHash null): such a PDF is never taken for the current marks
// when they changed since; the release re-renders it first. Real worker, real PDFs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { backfillReleasedVersions } from "../../server/release/released-version-backfill.ts";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";
import { seedGradableCopy, type SeededCopy } from "../fixtures/render/seed-copy.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let worker: RunningWorker;
let s: SeededCopy;
let admin: TestClient;
let student: TestClient;
let docHash: string;
const RELEASED_AT = new Date("2026-06-20T08:00:00.000Z");

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

const artifact = () => tdb.db.renderedArtifact.findUniqueOrThrow({ where: { copyId_docHash: { copyId: s.copyId, docHash } } });
const release = () => admin.post(`/api/release/exams/${s.examId}/release`, {});
const versions = () => tdb.db.releasedVersion.findMany({ where: { copyId: s.copyId }, orderBy: { number: "asc" } });

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  worker = await startWorker(server.ctx, { concurrency: 1 });
  s = await seedGradableCopy(tdb.db, server.ctx.config.mediaDir);
  const user = await createUser(tdb.db, "STUDENT");
  await tdb.db.student.updateMany({ where: { copies: { some: { id: s.copyId } } }, data: { userId: user.id } });
  student = await signedIn(user);
  admin = await signedIn(await createUser(tdb.db, "ADMIN"));
  const grader = await signedIn(s.grader);
  const r = await grader.post(`/api/copies/${s.copyId}/finalize`);
  expect(r.status).toBe(202);
  docHash = r.body.docHash;
  await waitFor("the render", async () => (await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).state === "GRADED");
  // as the release left it before versions existed: released, no version, a PDF without fingerprint
  await tdb.db.renderedArtifact.update({ where: { copyId_docHash: { copyId: s.copyId, docHash } }, data: { marksHash: null } });
  await tdb.db.copy.update({ where: { id: s.copyId }, data: { releasedAt: RELEASED_AT } });
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await server?.close();
  await tdb?.drop();
});

describe("released versions of copies released before they existed", () => {
  it("the backfill records version 1 as the student saw it, once", async () => {
    const before = await student.get(`/api/portal/copies/${s.copyId}`);
    expect(before.body.copy).toMatchObject({ version: null });
    const legacyPdf = (await artifact()).sha256;

    expect(await backfillReleasedVersions(tdb.db)).toBe(1);
    expect(await backfillReleasedVersions(tdb.db)).toBe(0); // idempotent
    const [v1, ...more] = await versions();
    expect(more).toEqual([]);
    expect(v1).toMatchObject({ number: 1, docHash, pdfSha256: legacyPdf, total: before.body.copy.total, releasedById: null });
    expect(v1!.releasedAt.toISOString()).toBe(RELEASED_AT.toISOString());
    const after = await student.get(`/api/portal/copies/${s.copyId}`);
    expect(after.body.copy).toMatchObject({ version: 1, total: before.body.copy.total, maxPoints: before.body.copy.maxPoints });
    expect(after.body.marks).toEqual(before.body.marks);
  });

  it("released again unchanged: no version, no render, although its PDF has no fingerprint", async () => {
    const r = await release();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ changed: [], versions: {}, awaitingRender: [] });
    expect((await artifact()).marksHash).toBeNull();
  });

  it("marks changed since: the unfingerprinted PDF is not taken for them; it is re-rendered, then released as version 2", async () => {
    const legacy = await artifact();
    await tdb.db.scaleNode.update({ where: { id: s.questions.q2 }, data: { maxPoints: 8 } });
    const first = await release();
    expect(first.body).toMatchObject({ versions: {}, awaitingRender: [s.copyId] });
    expect(await versions()).toHaveLength(1);
    expect((await student.get(`/api/portal/copies/${s.copyId}`)).body.copy.version).toBe(1);

    const fresh = await waitFor("the re-rendered PDF", async () => {
      const a = await artifact();
      return a.marksHash !== null && a;
    });
    expect(fresh.sha256).not.toBe(legacy.sha256);
    const again = await release();
    expect(again.body).toMatchObject({ versions: { [s.copyId]: 2 }, awaitingRender: [] });
    const v2 = (await versions())[1]!;
    expect(v2).toMatchObject({ number: 2, pdfSha256: fresh.sha256, contentHash: fresh.marksHash });
    const seen = await student.get(`/api/portal/copies/${s.copyId}`);
    expect(seen.body.copy).toMatchObject({ version: 2 });
    expect(seen.body.copy.maxPoints).toBe(v2.maxPoints);
  }, 120_000);
});
