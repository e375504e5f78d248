// The supervisor dashboard lists the exam's RENDER_FAILED copies (code, error, attempts) in its
// stats, for supervisors and admins only, and pushes the list live on `exam:stats` when a render
// fails (the real failure path: finalize, then a render attempt on a copy without pages).
import path from "node:path";
import pino from "pino";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderCopy } from "../../server/render/render-copy-handler.ts";
import { MediaStore } from "../../server/storage/media-store.ts";
import { openSocket, signedInUser, waitFor, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createScoredCopy, createSupervisedExam, type SupervisedExam } from "../helpers/supervision-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: SupervisedExam;
let media: string;
let supervisor: SignedInUser;
let failedCode: string;
let failedId: string;
let toFail: string;

const http = (user: { cookie: string } | null) => (url: string) =>
  fetch(server.url + url, { headers: user ? { cookie: user.cookie } : {} }).then(async (r) => ({ status: r.status, body: await r.json() }));

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  media = path.join(server.dataDir, "media");
  exam = await createSupervisedExam(tdb.db);
  supervisor = await signedInUser(tdb, server.url, "SUPERVISOR");
  const scores = Object.fromEntries(exam.leaves.map((l) => [l.id, 1]));
  await createScoredCopy(tdb.db, media, exam.id, { scores });
  const failed = await createScoredCopy(tdb.db, media, exam.id, { state: "RENDER_FAILED", scores });
  await tdb.db.copy.update({ where: { id: failed.id }, data: { renderError: "source scan scans/ab/missing.pdf cannot be read: ENOENT", renderAttempts: 5 } });
  failedId = failed.id;
  failedCode = failed.anonymousCode;
  toFail = (await createScoredCopy(tdb.db, media, exam.id, { state: "READY", scores })).id; // no pages: its render fails
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("failed renders on the dashboard", () => {
  it("lists the RENDER_FAILED copies with their error and attempts in the stats", async () => {
    const { status, body } = await http(supervisor)(`/api/supervision/exams/${exam.id}/stats`);
    expect(status).toBe(200);
    expect(body.copies.byState).toMatchObject({ GRADED: 1, RENDER_FAILED: 1, READY: 1 });
    expect(body.failedRenders).toEqual([
      { copyId: failedId, anonymousCode: failedCode, error: "source scan scans/ab/missing.pdf cannot be read: ENOENT", attempts: 5, since: expect.any(String) },
    ]);
  });

  it("shows them to supervisors and admins only", async () => {
    const url = `/api/supervision/exams/${exam.id}/stats`;
    for (const role of ["ADMIN", "SUPERVISOR"] as const) {
      const r = await http(await signedInUser(tdb, server.url, role))(url);
      expect(r.status, role).toBe(200);
      expect(
        r.body.failedRenders.map((f: { copyId: string }) => f.copyId),
        role,
      ).toEqual([failedId]);
    }
    for (const role of ["GRADER", "STUDENT"] as const) {
      const r = await http(await signedInUser(tdb, server.url, role))(url);
      expect(r.status, role).toBe(403);
      expect(r.body.failedRenders, role).toBeUndefined();
    }
    expect((await http(null)(url)).status).toBe(401);
  });

  it("pushes the list live when a render fails", async () => {
    let watcher: Socket | undefined;
    try {
      watcher = await openSocket(server.url, supervisor);
      expect(await request(watcher, "exam:watch", { examId: exam.id })).toEqual({ ok: true });
      const pushes: any[] = [];
      watcher.on("exam:stats", (m) => pushes.push(m));
      const client = new TestClient(server.url);
      await client.login(supervisor.username, supervisor.password);
      const fin = await client.post(`/api/copies/${toFail}/finalize`);
      expect(fin.status).toBe(202);
      const deps = { db: tdb.db, media: new MediaStore(media), render: () => Promise.reject(new Error("not reached")), log: pino({ level: "silent" }) };
      await expect(renderCopy(deps, { copyId: toFail, docHash: fin.body.docHash })).rejects.toThrow("the copy has no pages");
      await waitFor(() => pushes.some((p) => p.changes.some((c: { state: string }) => c.state === "RENDER_FAILED")), 5000, "exam:stats with RENDER_FAILED");
      const last = pushes.at(-1);
      expect(last.stats.copies.byState.RENDER_FAILED).toBe(2);
      expect(last.stats.failedRenders).toEqual([
        expect.objectContaining({ copyId: failedId, attempts: 5 }),
        expect.objectContaining({ copyId: toFail, error: "the copy has no pages", attempts: 1 }),
      ]);
    } finally {
      watcher?.disconnect();
    }
  });
});
