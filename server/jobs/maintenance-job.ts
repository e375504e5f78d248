import type { WorkerUtils } from "graphile-worker";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { defineJob } from "./job-definition.ts";
import { MAINTENANCE_STEPS } from "./maintenance-steps.ts";
import type { JobUnlocker } from "./worker-heartbeat.ts";

/**
 * graphile-worker's utilities, made only when a step needs them: making them checks the queue's
 * schema (its migrations) and a run needs them only when a dead worker's jobs are to be unlocked —
 * rarely. Made every minute, they were a query and code run once a minute for nothing.
 */
function lazyUnlocker(ctx: AppContext): JobUnlocker & { release(): Promise<void> } {
  let utils: Promise<WorkerUtils> | undefined;
  return {
    async forceUnlockWorkers(ids) {
      utils ??= import("graphile-worker").then(({ makeWorkerUtils }) => makeWorkerUtils({ pgPool: ctx.pool }));
      await (await utils).forceUnlockWorkers(ids);
    },
    async release() {
      if (utils)
        await utils.then(
          (u) => u.release(),
          () => undefined,
        ); // a failed making was already reported by its step
    },
  };
}

export const maintenanceJob = defineJob({
  name: "maintenance",
  payload: z.object({}).passthrough(),
  maxAttempts: 1,
  async handler(_payload, ctx, job) {
    const unlocker = lazyUnlocker(ctx);
    try {
      for (const step of MAINTENANCE_STEPS) {
        try {
          const out = await step.run(ctx, unlocker);
          if (out && Object.values(out).some((v) => (Array.isArray(v) ? v.length : v))) job.log.debug({ step: step.name, ...out }, "maintenance"); // every minute: debug, not a dump at info
        } catch (e) {
          job.log.error({ err: e, step: step.name }, "maintenance step failed"); // one failing step must not stop the others
        }
      }
    } finally {
      await unlocker.release();
    }
  },
});
