// The start-up backfill runs before a process serves, often while PostgreSQL is busy with the other
// processes starting beside it. Its transaction waited Prisma's default 2 s for a connection: a
// worker started with two server nodes on a loaded machine died with "Unable to start a transaction
// in the given time" (P2028). A slow database delays a start; it does not stop it.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillProjections } from "../../server/db/backfill.ts";
import { slowConnectProxy, type SlowConnectProxy } from "../helpers/slow-connect-proxy.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;
let proxy: SlowConnectProxy;

beforeAll(async () => {
  tdb = await createTestDatabase();
  proxy = await slowConnectProxy(tdb.url, 2_500);
});
afterAll(async () => {
  await proxy?.close();
  await tdb?.drop();
});

describe("the start-up backfill", () => {
  it("completes when each connection takes 2.5 s to open", async () => {
    await expect(backfillProjections(proxy.url, pino({ level: "silent" }))).resolves.toBeUndefined();
  }, 60_000);
});
