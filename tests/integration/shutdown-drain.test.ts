// A node shutting down (a rolling upgrade's SIGTERM) answers what it is handling before it closes
// its connections: a finalize held up in PostgreSQL when the shutdown begins still gets its answer
// on the socket, and so does the HTTP request; events that arrive meanwhile are refused with
// UNAVAILABLE (send it again, to the node the client reconnects to). Before, the transports closed at
// once and the grader waited in vain for a finalize that had committed.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setScore } from "../../collab/index.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openCopy, signedInUser, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
let grader: SignedInUser;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  exam = await createExamWithScale(tdb.db);
  grader = await signedInUser(tdb, server.url, "GRADER");
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

/** A copy dispatched to the grader, opened, locked and scored on every question: ready to finalize. */
async function scoredCopy() {
  const copy = await createCopy(tdb.db, exam.id);
  await assignCopy(tdb.db, copy.id, grader.id);
  const desk = await openCopy(server.url, grader, copy.id);
  expect((await desk.takeLock()).ok).toBe(true);
  exam.questions.forEach((q, i) => setScore(desk.doc, q.id, i));
  await desk.whenSaved();
  return { copy, desk };
}

/** Statements of this database waiting for a row lock (read on its own connection: the statistics views are frozen inside a transaction). */
async function lockWaits(watcher: pg.Client): Promise<number> {
  const { rows } = await watcher.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
  );
  return rows[0]!.n;
}

describe("a node shutting down", () => {
  it("answers the finalizes it is handling, on the socket and over HTTP, and refuses new events", async () => {
    const [bySocket, byHttp] = [await scoredCopy(), await scoredCopy()];
    const http = new TestClient(server.url);
    expect((await http.login(grader.username, grader.password)).status).toBe(200);

    // another transaction holds both copies' rows: the finalizes wait for it inside PostgreSQL
    const blocker = new pg.Client({ connectionString: tdb.url });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query('SELECT id FROM "Copy" WHERE id = ANY($1::uuid[]) FOR SHARE', [[bySocket.copy.id, byHttp.copy.id]]);
    const socketFinalize = request(bySocket.desk.socket!, "copy:finalize", { copyId: bySocket.copy.id }, 20_000);
    const httpFinalize = http.post(`/api/copies/${byHttp.copy.id}/finalize`, {});
    const watcher = new pg.Client({ connectionString: tdb.url });
    await watcher.connect();
    await expect.poll(() => lockWaits(watcher), { timeout: 10_000, interval: 25 }).toBeGreaterThanOrEqual(2);
    await watcher.end();

    const closing = server.close();
    await new Promise((r) => setTimeout(r, 300)); // the shutdown has begun: it waits for the answers
    const meanwhile = await request(byHttp.desk.socket!, "copy:lock", { copyId: byHttp.copy.id }, 5_000);
    expect(meanwhile).toMatchObject({ ok: false, code: "UNAVAILABLE" });
    await blocker.query("COMMIT");
    await blocker.end();

    expect(await socketFinalize).toMatchObject({ ok: true, state: "FINALIZING" });
    expect(await httpFinalize).toMatchObject({ status: 202, body: { state: "FINALIZING" } });
    await closing;
    const states = await tdb.db.copy.findMany({ where: { id: { in: [bySocket.copy.id, byHttp.copy.id] } }, select: { state: true } });
    expect(states.map((s) => s.state)).toEqual(["FINALIZING", "FINALIZING"]);
    bySocket.desk.destroy();
    byHttp.desk.destroy();
  });
});
