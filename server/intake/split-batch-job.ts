// Job: split an uploaded scan batch into STAGING copies (worker role). Enqueued in the upload's
// transaction with jobKey = batch id, so a batch has at most one pending split.
import { z } from "zod";
import { defineJob } from "../jobs/job-definition.ts";
import { splitBatch } from "./split-batch.ts";

export const splitBatchJob = defineJob({
  name: "intake-split-batch",
  payload: z.object({ batchId: z.uuid() }),
  maxAttempts: 3,
  async handler({ batchId }, ctx, job) {
    await splitBatch(ctx, batchId, job.log, job.attempts >= job.maxAttempts);
  },
});
