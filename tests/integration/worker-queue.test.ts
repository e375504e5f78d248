// The worker role: a job enqueued in a transaction runs; a rolled-back transaction leaves no job;
// a dead worker's locked jobs are reclaimed by the heartbeat sweep.
import { makeWorkerUtils } from "graphile-worker";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config/config.ts";
import { createContext, type AppContext } from "../../server/context.ts";
import { enqueueJob } from "../../server/jobs/enqueue.ts";
import { maintenanceJob } from "../../server/jobs/maintenance-job.ts";
import { reclaimDeadWorkers } from "../../server/jobs/worker-heartbeat.ts";
import { startWorker } from "../../server/jobs/worker.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;
let ctx: AppContext;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ctx = await createContext(loadConfig({ DATABASE_URL: tdb.url, NODE_ENV: "test" }), tdb.url, pino({ level: "silent" }));
});
afterAll(async () => {
  await ctx?.close();
  await tdb?.drop();
});

const jobCount = async (task: string) =>
  Number((await ctx.pool.query(`SELECT count(*) FROM graphile_worker.jobs WHERE task_identifier = $1`, [task])).rows[0].count);

describe("job queue", () => {
  it("enqueues inside the caller's transaction: rollback → no job, commit → one job (deduplicated by key)", async () => {
    await expect(
      ctx.db.$transaction(async (tx) => {
        await enqueueJob(tx, maintenanceJob, {}, { jobKey: "t1" });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await jobCount("maintenance")).toBe(0);
    await ctx.db.$transaction(async (tx) => {
      await enqueueJob(tx, maintenanceJob, {}, { jobKey: "t1", runAt: new Date(Date.now() + 3600_000) });
      await enqueueJob(tx, maintenanceJob, {}, { jobKey: "t1", runAt: new Date(Date.now() + 3600_000) });
    });
    expect(await jobCount("maintenance")).toBe(1);
    await ctx.pool.query(`DELETE FROM graphile_worker._private_jobs`);
  });

  it("a running worker executes the job and records its heartbeat", async () => {
    await ctx.db.session.create({ data: { id: "expired-session", data: {}, expiresAt: new Date(Date.now() - 1000) } });
    const worker = await startWorker(ctx);
    try {
      expect(await ctx.db.workerHeartbeat.count()).toBeGreaterThan(0);
      await ctx.db.$transaction((tx) => enqueueJob(tx, maintenanceJob, {}));
      for (let i = 0; i < 50 && (await ctx.db.session.count({ where: { id: "expired-session" } })) > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await ctx.db.session.count({ where: { id: "expired-session" } })).toBe(0);
    } finally {
      await worker.stop();
    }
  });

  it("unlocks the jobs of a worker whose heartbeat stopped", async () => {
    await ctx.db.$transaction((tx) => enqueueJob(tx, maintenanceJob, {}, { jobKey: "locked-by-dead" }));
    await ctx.pool.query(`UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'dead-worker' WHERE key = 'locked-by-dead'`);
    await ctx.db.workerHeartbeat.create({
      data: { workerId: "dead-worker", processId: "1", hostname: "gone", lastSeenAt: new Date(Date.now() - 10 * 60_000) },
    });
    const utils = await makeWorkerUtils({ pgPool: ctx.pool });
    try {
      expect(await reclaimDeadWorkers(ctx.db, utils)).toEqual(["dead-worker"]);
    } finally {
      await utils.release();
    }
    const { rows } = await ctx.pool.query(`SELECT locked_by FROM graphile_worker._private_jobs WHERE key = 'locked-by-dead'`);
    expect(rows[0].locked_by).toBeNull();
    expect(await ctx.db.workerHeartbeat.count({ where: { workerId: "dead-worker" } })).toBe(0);
  });

  it("the per-minute maintenance run unlocks a dead worker's jobs itself, and runs clean when none is dead", async () => {
    const log = pino({ level: "silent" });
    const run = () => maintenanceJob.handler({}, ctx, { log, attempts: 1, maxAttempts: 1, jobId: "1" });
    await run(); // no dead worker: graphile-worker's utilities are not needed, nothing to unlock
    await ctx.db.$transaction((tx) => enqueueJob(tx, maintenanceJob, {}, { jobKey: "locked-by-gone" }));
    await ctx.pool.query(`UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'gone-worker' WHERE key = 'locked-by-gone'`);
    await ctx.db.workerHeartbeat.create({
      data: { workerId: "gone-worker", processId: "2", hostname: "gone", lastSeenAt: new Date(Date.now() - 10 * 60_000) },
    });
    await run();
    const { rows } = await ctx.pool.query(`SELECT locked_by FROM graphile_worker._private_jobs WHERE key = 'locked-by-gone'`);
    expect(rows[0].locked_by).toBeNull();
    expect(await ctx.db.workerHeartbeat.count({ where: { workerId: "gone-worker" } })).toBe(0);
    await ctx.pool.query(`DELETE FROM graphile_worker._private_jobs`);
  });
});
