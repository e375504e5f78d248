// The short form of `npm run chaos`: graders through nginx on the local cluster while nodes are
// killed -9 and Redis restarts. Nothing acknowledged is lost, clients converge, no lock stays.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runChaos } from "../../scripts/lib/chaos.ts";
import { compileBuild } from "../../scripts/lib/cluster.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

// The suite's PostgreSQL (a clone of its migrated template), not one more embedded server to initdb;
// the nodes run the production build as the image does (plain node starts a node on half the CPU
// tsx does, and each node killed -9 is started again).
let tdb: TestDatabase;
const buildDir = path.join("dist", `chaos-test-${crypto.randomBytes(4).toString("hex")}`);
let serverEntry: string;
beforeAll(async () => {
  tdb = await createTestDatabase();
  serverEntry = compileBuild(buildDir, { checkTypes: false });
}, 120_000);
afterAll(async () => {
  await tdb?.drop();
  fs.rmSync(buildDir, { recursive: true, force: true });
});

it("survives kill -9 of server nodes and a Redis restart without losing an acknowledged update", async () => {
  const r = await runChaos({ graders: 8, durationMs: 15_000, killEveryMs: 4_000, editEveryMs: 800, restartRedis: true, databaseUrl: tdb.url, serverEntry });
  expect(r.kills).toBeGreaterThan(0);
  expect(r.acked).toBeGreaterThan(50);
  expect(r.lost).toBe(0);
  expect(r.diverged).toBe(0);
  expect(r.stuck_locks).toBe(0);
  expect(r.crashed).toBe(0);
}, 240_000);
