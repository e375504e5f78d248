import { z } from "zod";
import { defineJob } from "./job-definition.ts";
import { MAINTENANCE_STEPS } from "./maintenance-steps.ts";

export const maintenanceJob = defineJob({
  name: "maintenance",
  payload: z.object({}).passthrough(),
  maxAttempts: 1,
  async handler(_payload, ctx, job) {
    const { makeWorkerUtils } = await import("graphile-worker");
    const utils = await makeWorkerUtils({ pgPool: ctx.pool });
    try {
      for (const step of MAINTENANCE_STEPS) {
        try {
          const out = await step.run(ctx, utils);
          if (out && Object.values(out).some((v) => (Array.isArray(v) ? v.length : v))) job.log.debug({ step: step.name, ...out }, "maintenance"); // every minute: debug, not a dump at info
        } catch (e) {
          job.log.error({ err: e, step: step.name }, "maintenance step failed"); // one failing step must not stop the others
        }
      }
    } finally {
      await utils.release();
    }
  },
});
