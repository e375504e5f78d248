// Job: the supervisors' end-of-day summary, run by the worker's crontab (SUPERVISOR_SUMMARY_CRON)
// or enqueued by hand with { at } (an ISO time: the day to summarize, up to that moment).
import { z } from "zod";
import { defineJob } from "../jobs/job-definition.ts";
import { enqueueSupervisorSummaries } from "./supervisor-summary.ts";

export const supervisorSummaryJob = defineJob({
  name: "supervisor-summary",
  payload: z.object({ _cron: z.object({ ts: z.string() }).passthrough().optional(), at: z.iso.datetime({ offset: true }).optional() }),
  maxAttempts: 3,
  async handler(payload, ctx, job) {
    const at = new Date(payload.at ?? payload._cron?.ts ?? Date.now());
    const created = await enqueueSupervisorSummaries(ctx, at);
    if (created) job.log.info({ created }, "supervisor summaries queued");
  },
});
