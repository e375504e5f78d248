// The short form of `npm run chaos`: graders through nginx on the local cluster while nodes are
// killed -9 and Redis restarts. Nothing acknowledged is lost, clients converge, no lock stays.
import { afterAll, beforeAll, expect, it } from "vitest";
import { runChaos } from "../../scripts/lib/chaos.ts";
import { clusterGround, type ClusterGround } from "../helpers/cluster-setup.ts";

let ground: ClusterGround;
beforeAll(async () => {
  ground = await clusterGround("chaos-test");
}, 120_000);
afterAll(async () => ground?.remove());

it("survives kill -9 of server nodes and a Redis restart without losing an acknowledged update", async () => {
  const r = await runChaos({
    graders: 8,
    durationMs: 15_000,
    killEveryMs: 4_000,
    editEveryMs: 800,
    restartRedis: true,
    databaseUrl: ground.databaseUrl,
    serverEntry: ground.serverEntry,
  });
  expect(r.kills).toBeGreaterThan(0);
  expect(r.acked).toBeGreaterThan(50);
  expect(r.lost).toBe(0);
  expect(r.diverged).toBe(0);
  expect(r.stuck_locks).toBe(0);
  expect(r.crashed).toBe(0);
}, 240_000);
