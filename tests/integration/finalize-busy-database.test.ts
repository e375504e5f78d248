// Finalize runs in one interactive transaction, which Prisma ends after 5 s. Under load (here: the
// copy's row held by another transaction for longer than that) the answer is a clear, retryable
// UNAVAILABLE — 503 with Retry-After over HTTP, code UNAVAILABLE in a socket ack — never a 500,
// and the copy is left as it was, so finalizing again once the database is free succeeds.
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createScoredCopy, createSupervisedExam } from "../helpers/supervision-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let supervisor: TestClient;
let copyId: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const exam = await createSupervisedExam(tdb.db);
  const scores = Object.fromEntries(exam.leaves.map((l) => [l.id, 1]));
  copyId = (await createScoredCopy(tdb.db, path.join(server.dataDir, "media"), exam.id, { state: "READY", scores })).id;
  const user = await createUser(tdb.db, "SUPERVISOR");
  supervisor = new TestClient(server.url);
  expect((await supervisor.login(user.username, user.password)).status).toBe(200);
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("finalize when the database is too busy", () => {
  it("answers 503 UNAVAILABLE, retryable, and the copy stays READY; a retry then succeeds", async () => {
    const holder = new pg.Client({ connectionString: tdb.url });
    const watcher = new pg.Client({ connectionString: tdb.url }); // pg_stat_activity is a snapshot inside the holder's transaction
    await holder.connect();
    await watcher.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT id FROM "Copy" WHERE id = $1::uuid FOR UPDATE`, [copyId]);
      const answer = supervisor.post(`/api/copies/${copyId}/finalize`, {});
      // hold the row until finalize has waited on it past Prisma's 5 s transaction limit
      await expect
        .poll(
          async () =>
            (
              await watcher.query(
                `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%FOR UPDATE%' AND wait_event_type = 'Lock' AND now() - query_start > interval '5.5 seconds'`,
              )
            ).rows[0].n,
          { timeout: 30_000, interval: 250 },
        )
        .toBe(1);
      await holder.query("ROLLBACK");
      const r = await answer;
      expect(r.status).toBe(503);
      expect(r.body.code).toBe("UNAVAILABLE");
      expect(r.body.details).toEqual({ retryable: true });
      expect(r.headers.get("retry-after")).toBe("2");
      expect(r.body.stack).toBeUndefined();
    } finally {
      await holder.end();
      await watcher.end();
    }
    expect((await tdb.db.copy.findUniqueOrThrow({ where: { id: copyId } })).state).toBe("READY");
    const again = await supervisor.post(`/api/copies/${copyId}/finalize`, {});
    expect(again.status).toBe(202);
    expect(again.body.state).toBe("FINALIZING");
  });
});
