// A commit lane plans its prepared statements once per connection (server/grading/lane-plans.ts):
// by default PostgreSQL planned the lock statement afresh for every batch (its array parameters
// make the generic plan look costlier), ~0.9 ms of a batch's ~1.6 ms in it. And the lock statement
// computes each of its facts once per batch, however many copies the batch holds.
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUpdates, lockCopies } from "../../server/grading/commit-statements.ts";
import { planOnce } from "../../server/grading/lane-plans.ts";
import { createUser } from "../helpers/factories.ts";
import { createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
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

interface PlanNode {
  "Node Type": string;
  "Actual Loops": number;
  Plans?: PlanNode[];
}

function aggregates(node: PlanNode): PlanNode[] {
  return [...(node["Node Type"] === "Aggregate" ? [node] : []), ...(node.Plans ?? []).flatMap(aggregates)];
}

describe("the lock statement's facts", () => {
  it("are each computed once for a batch of 40 copies, not once per copy (the live sessions, claims, dispatches …)", async () => {
    // A generic plan on analyzed tables joined the facts in nested loops over the locked copies and
    // ran each non-materialized one again per copy: 11 ms for a batch of 100 copies instead of 3.4.
    const exam = await createExamWithScale(tdb.db);
    const graders = await Promise.all(Array.from({ length: 40 }, () => createUser(tdb.db, "GRADER")));
    const copies = [];
    for (let i = 0; i < graders.length; i++) copies.push(await createCopy(tdb.db, exam.id, { pages: 1 }));
    await tdb.db.assignment.createMany({ data: copies.map((c, i) => ({ copyId: c.id, graderId: graders[i]!.id })) });
    const sids = graders.map(() => crypto.randomUUID());
    await tdb.db.session.createMany({
      data: graders.map((g, i) => ({ id: sids[i]!, userId: g.id, data: {}, expiresAt: new Date(Date.now() + 3_600_000) })),
    });
    const pool = planOnce(new pg.Pool({ connectionString: tdb.url, max: 1 }), silent);
    const client = await pool.connect();
    try {
      await client.query("ANALYZE");
      const ids = copies.map((c) => c.id).sort();
      const writers = graders.map((g) => g.id);
      await client.query("BEGIN");
      const locked = await lockCopies(client, ids, writers, sids); // prepares it on this connection
      expect(locked.copies.size).toBe(40);
      expect(locked.liveSessions.size).toBe(40);
      const arr = (a: string[]) => `'{${a.join(",")}}'`;
      const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE korrigo_lock_copies(${arr(ids)}, ${arr(writers)}, ${arr(sids)})`);
      await client.query("ROLLBACK");
      const plan = (rows[0]!["QUERY PLAN"] as Array<{ Plan: PlanNode }>)[0]!.Plan;
      const aggs = aggregates(plan);
      expect(aggs.length).toBeGreaterThanOrEqual(5); // claims, pages, dispatches, the live sessions, the scale's fingerprint
      expect(aggs.map((a) => a["Actual Loops"])).toEqual(aggs.map(() => 1));
    } finally {
      client.release();
      await pool.end();
    }
  });
});
