// A commit lane plans its prepared statements once per connection (server/grading/lane-plans.ts):
// by default PostgreSQL planned the lock statement afresh for every batch (its array parameters
// make the generic plan look costlier), ~0.9 ms of a batch's ~1.6 ms in it.
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUpdates, lockCopies } from "../../server/grading/commit-statements.ts";
import { planOnce } from "../../server/grading/lane-plans.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

const silent = pino({ level: "silent" });

/** Runs the lane's two statements `n` times on one connection; answers how PostgreSQL planned them there. */
async function plansAfter(pool: pg.Pool, n: number) {
  const client = await pool.connect();
  try {
    for (let i = 0; i < n; i++) {
      await client.query("BEGIN");
      await lockCopies(client, [crypto.randomUUID()], [crypto.randomUUID()], ["no-session"]);
      await insertUpdates(client, [], [], new Map([[crypto.randomUUID(), 0]]));
      await client.query("ROLLBACK");
    }
    const { rows } = await client.query<{ name: string; generic_plans: string; custom_plans: string }>(
      "SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'korrigo_%' ORDER BY name",
    );
    return rows.map((r) => ({ name: r.name, generic: Number(r.generic_plans), custom: Number(r.custom_plans) }));
  } finally {
    client.release();
  }
}

describe("commit lanes' plans", () => {
  it("a lane's connection plans the lock and insert statements once, not per batch", async () => {
    const pool = planOnce(new pg.Pool({ connectionString: tdb.url, max: 1, pipeline: true } as pg.PoolConfig), silent);
    try {
      expect(await plansAfter(pool, 8)).toEqual([
        { name: "korrigo_insert_updates", generic: 8, custom: 0 },
        { name: "korrigo_lock_copies", generic: 8, custom: 0 },
      ]);
    } finally {
      await pool.end();
    }
  });

  it("without it PostgreSQL plans each execution of the lock statement (what the lanes paid before)", async () => {
    const pool = new pg.Pool({ connectionString: tdb.url, max: 1 });
    try {
      const lock = (await plansAfter(pool, 8)).find((p) => p.name === "korrigo_lock_copies")!;
      expect(lock.custom).toBe(8);
    } finally {
      await pool.end();
    }
  });
});
