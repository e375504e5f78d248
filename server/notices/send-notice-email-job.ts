// Job: send the e-mail of one notice (worker role). Enqueued in the notice's own transaction;
// graphile-worker retries with exponential backoff (15 attempts span about a day and a half), so a
// relay that is down only delays mail.
import { z } from "zod";
import { defineJob } from "../jobs/job-definition.ts";
import { sendNoticeEmail } from "./send-notice-email.ts";

export const NOTICE_EMAIL_MAX_ATTEMPTS = 15;

export const sendNoticeEmailJob = defineJob({
  name: "send-notice-email",
  payload: z.object({ noticeId: z.uuid() }),
  maxAttempts: NOTICE_EMAIL_MAX_ATTEMPTS,
  async handler({ noticeId }, ctx, job) {
    await sendNoticeEmail(ctx, noticeId, { log: job.log, lastAttempt: job.attempts >= job.maxAttempts });
  },
});
