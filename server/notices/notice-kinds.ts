// The kinds of notices, the parameters each one carries (validated when enqueued and when read),
// and which ones a user may turn off. Parameters are what the message needs, copied at enqueue
// time, so the in-app list and the e-mail say the same thing without joins.
import { z } from "zod";
import type { NoticeKind } from "../db/client.ts";

export const CopyReleasedParams = z.strictObject({
  copyId: z.uuid(),
  examId: z.uuid(),
  examTitle: z.string().max(200),
  /** a new released version of a copy the student was already told about */
  newVersion: z.boolean(),
});

export const RegradeAnsweredParams = z.strictObject({
  copyId: z.uuid(),
  examId: z.uuid(),
  examTitle: z.string().max(200),
  requestId: z.string().min(1).max(64),
  /** the answer changed the copy's marks */
  marksChanged: z.boolean(),
});

export const SummaryExam = z.strictObject({
  examId: z.uuid(),
  title: z.string().max(200),
  total: z.number().int().nonnegative(),
  graded: z.number().int().nonnegative(),
  gradedToday: z.number().int().nonnegative(),
  remaining: z.number().int().nonnegative(),
  released: z.number().int().nonnegative(),
  failedRenders: z.number().int().nonnegative(),
  stuckFinalizing: z.number().int().nonnegative(),
  /** graders with copies left who finalized nothing today */
  idleGraders: z.number().int().nonnegative(),
});
export type SummaryExam = z.infer<typeof SummaryExam>;

export const SupervisorSummaryParams = z.strictObject({
  /** the day summarized, YYYY-MM-DD (server time zone) */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  exams: z.array(SummaryExam).max(200),
});

export const PasswordResetParams = z.strictObject({
  resetId: z.uuid(),
  /** the account has no password: the e-mail points to the school sign-in instead of a link */
  ssoOnly: z.boolean(),
});

export const NOTICE_PARAMS = {
  COPY_RELEASED: CopyReleasedParams,
  REGRADE_ANSWERED: RegradeAnsweredParams,
  SUPERVISOR_SUMMARY: SupervisorSummaryParams,
  PASSWORD_RESET: PasswordResetParams,
} as const satisfies Record<NoticeKind, z.ZodType>;

export type NoticeParams<K extends NoticeKind> = z.infer<(typeof NOTICE_PARAMS)[K]>;

/**
 * Optional notices carry an unsubscribe link; `byDefault` is the choice of a user who never chose.
 * The supervisors' summary is opt-in; a released copy is announced unless the student opts out.
 */
export const OPTIONAL_NOTICES = {
  COPY_RELEASED: { byDefault: true },
  SUPERVISOR_SUMMARY: { byDefault: false },
} as const satisfies Partial<Record<NoticeKind, { byDefault: boolean }>>;

export type OptionalNoticeKind = keyof typeof OPTIONAL_NOTICES;
export const OPTIONAL_NOTICE_KINDS = Object.keys(OPTIONAL_NOTICES) as OptionalNoticeKind[];
export const isOptionalNotice = (k: NoticeKind): k is OptionalNoticeKind => k in OPTIONAL_NOTICES;
