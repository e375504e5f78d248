// Finalize → render job → GRADED with one PDF, end to end through the HTTP API and the real
// worker; refusals with the list of questions; reopen; who may do what.
import crypto from "node:crypto";
import pg from "pg";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAnnotation, setScore } from "../../collab/index.ts";
import { createHttpApp } from "../../server/http/app.ts";
import { listRoutes } from "../../server/http/route-inventory.ts";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";
import { pdftotext } from "../fixtures/render/raster.ts";
import { everyKind, seedGradableCopy, type Grader } from "../fixtures/render/seed-copy.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let worker: RunningWorker;
let listener: pg.Client;
const events: Array<{ type: string; copyId: string; examId: string; state: string }> = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  worker = await startWorker(server.ctx, { concurrency: 1 });
  listener = new pg.Client({ connectionString: tdb.url });
  await listener.connect();
  listener.on("notification", (n) => events.push(JSON.parse(n.payload!)));
  await listener.query("LISTEN korrigo_events");
});
afterAll(async () => {
  await listener?.end();
  await worker?.stop();
  await server?.close();
  await tdb?.drop();
});

async function signedIn(user: { username: string; password: string }) {
  const c = new TestClient(server.url);
  expect((await c.login(user.username, user.password)).status).toBe(200);
  return c;
}

const seed = (opts: Parameters<typeof seedGradableCopy>[2] = {}) => seedGradableCopy(tdb.db, server.ctx.config.mediaDir, opts);

async function waitForState(copyId: string, state: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const copy = await tdb.db.copy.findUniqueOrThrow({ where: { id: copyId } });
    if (copy.state === state) return copy;
    if (Date.now() > until) throw new Error(`copy stayed ${copy.state} (renderError: ${copy.renderError})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function relock(copyId: string, grader: Grader) {
  await tdb.db.copyLock.create({ data: { copyId, holderId: grader.id, sessionId: "s", nodeId: "n", expiresAt: new Date(Date.now() + 60_000) } });
}

describe("finalize", () => {
  it("is refused while a question is unscored or out of bounds, listing the questions", async () => {
    const s = await seed({ scored: false });
    const grader = await signedIn(s.grader);
    const r = await grader.post(`/api/copies/${s.copyId}/finalize`);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("UNSCORED_QUESTIONS");
    expect(r.body.details.unscored.map((q: { label: string }) => q.label)).toEqual(["1.b", "2"]);
    expect(r.body.message).toContain("1.b, 2");

    await s.edit((d) => {
      setScore(d, s.questions.q1b, 3);
      setScore(d, s.questions.q2, 7); // max 5
    });
    const over = await grader.post(`/api/copies/${s.copyId}/finalize`);
    expect(over.status).toBe(422);
    expect(over.body.code).toBe("SCORE_OUT_OF_BOUNDS");
    expect(over.body.details.outOfBounds).toEqual([expect.objectContaining({ label: "2", score: 7, maxPoints: 5 })]);
    expect((await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).state).toBe("READY");
  });

  it("twice at once yields one job and one PDF; the copy ends GRADED and the room is told", async () => {
    const s = await seed({ annotations: everyKind(0) });
    // the grader placed the mark of 1.b on the second page; the others go to the first page's margin
    const box = { x: 0.86, y: 0.4, w: 0.13, h: 0.03 };
    await s.edit((d) =>
      addAnnotation(d, {
        id: "mark-1b",
        page: 1,
        kind: "mark",
        questionId: s.questions.q1b,
        box,
        color: "#d32f2f",
        width: 0.002,
        author: s.grader.id,
        createdAt: 2000,
      }),
    );
    const grader = await signedIn(s.grader);
    const [a, b] = await Promise.all([grader.post(`/api/copies/${s.copyId}/finalize`), grader.post(`/api/copies/${s.copyId}/finalize`)]);
    expect([a.status, b.status].sort()).toEqual([200, 202]);
    expect(a.body.docHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.body.docHash).toBe(a.body.docHash);
    expect(await tdb.db.copyLock.count({ where: { copyId: s.copyId } })).toBe(0); // finalize releases the lock

    const graded = await waitForState(s.copyId, "GRADED");
    expect(graded.renderAttempts).toBe(1); // one job ran once
    const artifacts = await tdb.db.renderedArtifact.findMany({ where: { copyId: s.copyId } });
    expect(artifacts).toHaveLength(1);
    expect(artifacts[0]!.docHash).toBe(a.body.docHash);
    expect(artifacts[0]!.storagePath).toMatch(/^renders\//);
    expect((await grader.post(`/api/copies/${s.copyId}/finalize`)).body).toMatchObject({ state: "GRADED", alreadyFinalized: true });

    // the grader sees the state, not the PDF: its score sheet names the student
    const seen = await grader.get(`/api/copies/${s.copyId}/render`);
    expect(seen.body).toMatchObject({ state: "GRADED", renderAttempts: 1, renderError: null, artifact: { sha256: artifacts[0]!.sha256, downloadUrl: null } });
    const refused = await grader.get(`/api/copies/${s.copyId}/render/pdf`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("FORBIDDEN");
    const office = await signedIn(await createUser(tdb.db, "SUPERVISOR"));
    const status = await office.get(`/api/copies/${s.copyId}/render`);
    expect(status.body.artifact.downloadUrl).toBe(`/api/copies/${s.copyId}/render/pdf`);
    const res = await fetch(server.url + status.body.artifact.downloadUrl, { headers: { cookie: office.cookieHeader } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename=".*\.pdf"; filename\*=UTF-8''Bac%20blanc%20de%20math%C3%A9matiques/);
    expect(res.headers.get("etag")).toBe(`"${artifacts[0]!.sha256}"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(artifacts[0]!.sha256);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(3); // 2 scan pages + score sheet
    const marks = (page: number) =>
      pdftotext(bytes, page, page)
        .replace(/\s+/g, " ")
        .replace(/ ?\/ ?/g, "/");
    expect(marks(1)).toMatch(/1\.a 2\/2 2 4\/5/); // the margin column: scores from the document, labels and max from the scale
    expect(marks(2)).toContain("1.b 1,5/3"); // the placed mark
    expect(marks(1)).not.toContain("1.b");
    const cached = await fetch(server.url + status.body.artifact.downloadUrl, {
      headers: { cookie: office.cookieHeader, "if-none-match": `"${artifacts[0]!.sha256}"` },
    });
    expect(cached.status).toBe(304);

    const mine = events.filter((e) => e.copyId === s.copyId);
    expect(mine.map((e) => e.state)).toEqual(["FINALIZING", "GRADED"]);
    expect(mine[0]).toMatchObject({ type: "copy:state", examId: s.examId });
  });

  it("reopen brings a GRADED copy back to READY with its document intact; the next finalize renders anew", async () => {
    const s = await seed();
    const grader = await signedIn(s.grader);
    const first = await grader.post(`/api/copies/${s.copyId}/finalize`);
    await waitForState(s.copyId, "GRADED");
    const before = await tdb.db.renderedArtifact.findFirstOrThrow({ where: { copyId: s.copyId } });

    const supervisorUser = await createUser(tdb.db, "SUPERVISOR");
    const supervisor = await signedIn(supervisorUser);
    const reopened = await supervisor.post(`/api/copies/${s.copyId}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toEqual({ copyId: s.copyId, state: "READY" });
    const copy = await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } });
    expect(copy).toMatchObject({ state: "READY", docHash: null, renderAttempts: 0 });
    expect(await tdb.db.copyDocUpdate.count({ where: { copyId: s.copyId } })).toBe(1); // the document is untouched
    const audit = await tdb.db.auditEvent.findFirstOrThrow({ where: { action: "copy.reopened", targetId: s.copyId } });
    expect(audit.actorId).toBe(supervisorUser.id);
    expect((await supervisor.get(`/api/copies/${s.copyId}/render`)).body.artifact).toBeNull();

    // the grader changes a score and finalizes again: a new hash, a new PDF
    await s.edit((d) => setScore(d, s.questions.q2, 5));
    await relock(s.copyId, s.grader);
    const second = await grader.post(`/api/copies/${s.copyId}/finalize`);
    expect(second.status).toBe(202);
    expect(second.body.docHash).not.toBe(first.body.docHash);
    await waitForState(s.copyId, "GRADED");
    const after = await tdb.db.renderedArtifact.findFirstOrThrow({ where: { copyId: s.copyId } });
    expect(after.docHash).toBe(second.body.docHash);
    expect(after.sha256).not.toBe(before.sha256);
  });
});

describe("who may finalize, reopen and download", () => {
  it("this list covers every finalize and render route", () => {
    const routes = listRoutes(createHttpApp(server.ctx).apiRouter).filter((r) => /^[A-Z]+ \/copies\/:id\/(finalize|reopen|render)/.test(r));
    expect(routes.sort()).toEqual([
      "GET /copies/:id/render",
      "GET /copies/:id/render/pdf",
      "POST /copies/:id/finalize",
      "POST /copies/:id/render/retry",
      "POST /copies/:id/reopen",
    ]);
  });

  it("answers 401 anonymous, 403 students, 404 graders of other copies, and guards the lock", async () => {
    const s = await seed();
    const routes = [
      ["POST", `/api/copies/${s.copyId}/finalize`],
      ["POST", `/api/copies/${s.copyId}/reopen`],
      ["POST", `/api/copies/${s.copyId}/render/retry`],
      ["GET", `/api/copies/${s.copyId}/render`],
      ["GET", `/api/copies/${s.copyId}/render/pdf`],
    ] as const;
    const anonymous = new TestClient(server.url);
    await anonymous.get("/api/me"); // picks up a CSRF token if the API hands one out
    const student = await signedIn(await createUser(tdb.db, "STUDENT"));
    const otherGrader = await signedIn(await createUser(tdb.db, "GRADER"));
    for (const [method, url] of routes) {
      expect((await anonymous.request(method, url, method === "POST" ? { json: {} } : {})).status, `${method} ${url} anonymous`).toBe(401);
      expect((await student.request(method, url, method === "POST" ? { json: {} } : {})).status, `${method} ${url} student`).toBe(403);
      expect((await otherGrader.request(method, url, method === "POST" ? { json: {} } : {})).status, `${method} ${url} other grader`).toBe(404);
    }

    const supervisor = await signedIn(await createUser(tdb.db, "SUPERVISOR"));
    const locked = await supervisor.post(`/api/copies/${s.copyId}/finalize`);
    expect(locked.status).toBe(409);
    expect(locked.body).toMatchObject({ code: "LOCKED", details: { holder: { id: s.grader.id } } });

    await tdb.db.copyLock.deleteMany({ where: { copyId: s.copyId } });
    const grader = await signedIn(s.grader);
    expect((await grader.post(`/api/copies/${s.copyId}/finalize`)).status).toBe(403); // assigned but not holding the lock
    expect((await grader.get(`/api/copies/${s.copyId}/render`)).body.state).toBe("READY");
    expect((await grader.get(`/api/copies/${s.copyId}/render/pdf`)).status).toBe(403); // graders never download it

    const admin = await signedIn(await createUser(tdb.db, "ADMIN"));
    expect((await admin.post(`/api/copies/${s.copyId}/finalize`)).status).toBe(202); // no lock held: staff may finalize
    await waitForState(s.copyId, "GRADED");
    expect((await grader.post(`/api/copies/${s.copyId}/reopen`)).status).toBe(403); // graders do not reopen
    expect((await grader.post(`/api/copies/${s.copyId}/render/retry`)).status).toBe(403); // nor retry a render
    expect((await otherGrader.get(`/api/copies/${crypto.randomUUID()}/render`)).status).toBe(404);
    expect((await admin.get(`/api/copies/not-a-uuid/render`)).status).toBe(400);
  });
});
