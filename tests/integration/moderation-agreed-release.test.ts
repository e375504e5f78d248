// The agreed layer is what leaves the school: a double-marked copy with a question still to decide
// is refused by the release gate (RECONCILIATION_PENDING); once every question is agreed, the
// marks export, the release table, the re-rendered PDF, the released version and the student's
// portal all show the agreed marks — not the first marking's. Real worker, real PDFs.
import crypto from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyItem, clearQuestion, readDecisions } from "../../collab/index.ts";
import { MAIN_LAYER, SECOND_LAYER, writeDecisions } from "../../server/grading/decision-projection.ts";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { inTransaction } from "../../server/moderation/pg-transaction.ts";
import { refreshReconciliations } from "../../server/moderation/reconcile-refresh.ts";
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
let pool: pg.Pool;
let s: SeededCopy;
let admin: TestClient;
let supervisor: TestClient;
let student: TestClient;
const ITEMS = { method: "it-method", sign: "it-sign" };

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
const artifact = async () => {
  const c = await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } });
  return tdb.db.renderedArtifact.findUnique({ where: { copyId_docHash: { copyId: s.copyId, docHash: c.docHash ?? "" } } });
};
const release = () => admin.post(`/api/release/exams/${s.examId}/release`, {});
const question = (body: any, label: string) => body.copy.marks.find((m: any) => m.label === label);

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  worker = await startWorker(server.ctx, { concurrency: 1 });
  pool = new pg.Pool({ connectionString: tdb.url, max: 2 });
  s = await seedGradableCopy(tdb.db, server.ctx.config.mediaDir);
  await createRubricVersion(tdb.db, s.examId, {
    [s.questions.q1a]: {
      items: [
        { id: ITEMS.method, label: "Méthode correcte", points: 1.5 },
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
  admin = await signedIn(await createUser(tdb.db, "ADMIN"));
  supervisor = await signedIn(await createUser(tdb.db, "SUPERVISOR"));
  // first marking: 1.a 1.5 (item), 1.b 1.5, 2: 4 — total 7 / 10; finalized and rendered
  await tdb.db.copyLock.upsert({
    where: { copyId: s.copyId },
    create: { copyId: s.copyId, holderId: s.grader.id, sessionId: "s", nodeId: "n", expiresAt: new Date(Date.now() + 60_000) },
    update: {},
  });
  expect((await (await signedIn(s.grader)).post(`/api/copies/${s.copyId}/finalize`)).status).toBe(202);
  await waitFor("the render", async () => (await copyState()) === "GRADED");
  // the blind second marking, finished: 1.a both items (2), 1.b 1.5, 2: 2 — as its finalize leaves it
  const second = (await createUser(tdb.db, "GRADER")).id;
  await inTransaction(pool, async (q) => {
    await writeDecisions(q, new Map([[s.copyId, readDecisions(s.doc)]]), MAIN_LAYER);
    await q.query(
      `INSERT INTO "SecondMarking" ("copyId", "firstMarkerId", "markerId", status, "finalizedAt") VALUES ($1::uuid, $2::uuid, $3::uuid, 'DONE', now())`,
      [s.copyId, s.grader.id, second],
    );
    const decisions = {
      scores: { [s.questions.q1b]: 1.5, [s.questions.q2]: 2 },
      items: { [s.questions.q1a]: [ITEMS.method, ITEMS.sign] },
      adjust: {},
      checked: [],
    };
    await writeDecisions(q, new Map([[s.copyId, decisions]]), SECOND_LAYER);
    await refreshReconciliations(q, [s.copyId]);
  });
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await pool?.end();
  await server?.close();
  await tdb?.drop();
});

describe("the agreed layer", () => {
  it("a copy with a question still to decide is held by the release gate", async () => {
    const r = await release();
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("RELEASE_BLOCKED");
    expect(r.body.details.blocked).toEqual([expect.objectContaining({ copyId: s.copyId, reasons: ["RECONCILIATION_PENDING"] })]);
    expect((await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).releasedAt).toBeNull();
  });

  it("once agreed, the export and the release table show the agreed marks", async () => {
    const view = (await supervisor.get(`/api/copies/${s.copyId}/reconciliation`)).body;
    const q2 = view.questions.find((x: any) => x.questionId === s.questions.q2);
    expect(q2).toMatchObject({ first: 4, second: 2, state: "pending" });
    // 1.a: 1.5 and 2 within 0.5 → their mean 1.75, rounded up to the question's half points
    expect(view.questions.find((x: any) => x.questionId === s.questions.q1a)).toMatchObject({ first: 1.5, second: 2, source: "RULE", mark: 2 });
    const r = await supervisor.request("PUT", `/api/copies/${s.copyId}/reconciliation/${s.questions.q2}`, {
      json: { expectedVersion: q2.version, mark: 3, comment: "Raisonnement juste, conclusion absente" },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ pending: 0, total: 6.5 });

    const res = await fetch(`${server.url}/api/exports/exams/${s.examId}/marks.csv`, { headers: { cookie: admin.cookieHeader } });
    const csv = await res.text();
    const row = csv.split("\r\n").find((l) => l.includes("DUPONT"))!;
    expect(row.split(",").slice(-4)).toEqual(["2", "1.5", "3", "6.5"]);
    expect((await admin.get(`/api/release/exams/${s.examId}`)).body.copies[0]).toMatchObject({ total: 6.5 });
  });

  it("release re-renders the PDF with the agreed marks, then the student sees them", async () => {
    const before = (await artifact())!.marksHash;
    const first = await release();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ changed: [], awaitingRender: [s.copyId] });
    await waitFor("the PDF with the agreed marks", async () => {
      const a = await artifact();
      return a && a.marksHash !== before;
    });
    const again = await release();
    expect(again.body).toMatchObject({ changed: [s.copyId], versions: { [s.copyId]: 1 } });
    const seen = await student.get(`/api/portal/copies/${s.copyId}`);
    expect(seen.body.copy).toMatchObject({ version: 1, total: 6.5, maxPoints: 10 });
    expect(question(seen.body, "1.a")).toMatchObject({ score: 2, items: [] }); // not the first marking's single item
    expect(question(seen.body, "2")).toMatchObject({ score: 3 });
    const pdfRes = await fetch(`${server.url}/api/portal/copies/${s.copyId}/pdf`, { headers: { cookie: student.cookieHeader } });
    const bytes = new Uint8Array(await pdfRes.arrayBuffer());
    expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe((await artifact())!.sha256);
    expect(pdftotext(bytes).replace(/\s+/g, " ")).toMatch(/6,5 \/ 10/);
    expect(fs.existsSync(`${server.ctx.config.mediaDir}/${(await artifact())!.storagePath}`)).toBe(true);
  }, 120_000);
});
