// A connection killed while a client is checked out and idle between two statements (a
// transaction planning in JavaScript) must not end the process: the pools the server makes listen
// for it (server/db/pg-connection-errors.ts); the next statement fails and the pool replaces the
// connection. (In the chaos run a node died this way when PostgreSQL's connections were cut.)
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logConnectionErrors } from "../../server/db/pg-connection-errors.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

const terminate = async (pid: number) => {
  const admin = new pg.Client({ connectionString: tdb.url });
  await admin.connect();
  await admin.query("SELECT pg_terminate_backend($1)", [pid]);
  await admin.end();
};

describe("PostgreSQL connections lost", () => {
  it("a client killed while checked out and idle is reported, not thrown, and the pool carries on", async () => {
    const warnings: string[] = [];
    const log = pino({ level: "warn" }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
    const pool = logConnectionErrors(new pg.Pool({ connectionString: tdb.url, max: 1 }), log, "test");
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const ended = new Promise((ok) => client.once("end", ok));
    await terminate(rows[0]!.pid); // between two statements of this checkout
    await ended;
    expect(warnings).toContain("test: a PostgreSQL connection was lost");
    await expect(client.query("SELECT 1")).rejects.toThrow();
    client.release(true);
    expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one).toBe(1); // a new connection
    await pool.end();
  });

  it("an idle connection killed in the pool is reported and replaced", async () => {
    const warnings: string[] = [];
    const log = pino({ level: "warn" }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
    const pool = logConnectionErrors(new pg.Pool({ connectionString: tdb.url, max: 1 }), log, "test");
    const { rows } = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const removed = new Promise((ok) => pool.once("remove", ok));
    await terminate(rows[0]!.pid);
    await removed;
    expect(warnings).toContain("test: an idle PostgreSQL connection was lost");
    expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one).toBe(1);
    await pool.end();
  });
});
