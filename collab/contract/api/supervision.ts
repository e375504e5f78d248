// The supervisor's dashboard: the exams with their grading progress, an exam's statistics (copies by
// state, failed renders, pace per grader, locks, scores, rubric items, drift), its live locks. The
// live part is `exam:stats` on the /grading namespace, with the same ExamStats.
import { z } from "zod";
import { CopyState, ExamStatus, Id, IsoDateTime, MANAGERS } from "../common.ts";
import { route } from "./route.ts";

export const ExamIdParam = z.strictObject({ examId: z.uuid() });

/** a calendar day, YYYY-MM-DD */
export const Day = z.iso.date();

export const ExamHeader = z.object({ id: Id, title: z.string(), subject: z.string().nullable(), examDate: Day.nullable(), status: ExamStatus });

export const ExamOverview = ExamHeader.extend({ copies: z.number().int(), graded: z.number().int(), released: z.number().int() });
export type ExamOverview = z.infer<typeof ExamOverview>;

export const Pace = z.object({
  /** copies finalized (per grader: or whose question range they finished scoring) */
  finalized: z.number().int(),
  /** copies per hour between the first and the last finalize; null below two copies */
  perHour: z.number().nullable(),
  lastFinalizedAt: IsoDateTime.nullable(),
  /** copies still to grade */
  remaining: z.number().int(),
  /** when the remaining copies should be done at this pace; null without a pace */
  etaAt: IsoDateTime.nullable(),
});
export type Pace = z.infer<typeof Pace>;

export const GraderProgress = Pace.extend({
  id: Id,
  displayName: z.string(),
  /** copies dispatched to this grader (whole copies or a question range) */
  assigned: z.number().int(),
  /** dispatched copies already finalized, or whose range this grader scored */
  done: z.number().int(),
});
export type GraderProgress = z.infer<typeof GraderProgress>;

export const LockActivity = z.object({
  copyId: Id,
  anonymousCode: z.string(),
  holder: z.object({ id: Id, displayName: z.string() }),
  acquiredAt: IsoDateTime,
  expiresAt: IsoDateTime,
  /** latest stored update of the copy by anyone (null: none since the lock was taken) */
  lastEditAt: IsoDateTime.nullable(),
  idleSince: IsoDateTime,
  idle: z.boolean(),
});
export type LockActivity = z.infer<typeof LockActivity>;

export const DistributionBin = z.object({
  /** inclusive */
  from: z.number(),
  /** exclusive, except the last bin which holds the maximum */
  to: z.number(),
  count: z.number().int(),
});
export type DistributionBin = z.infer<typeof DistributionBin>;

export const QuestionStat = z.object({
  id: z.string(),
  label: z.string(),
  path: z.string(),
  maxPoints: z.number(),
  /** copies scored on this question */
  count: z.number().int(),
  average: z.number().nullable(),
  /** 0..1: share of copies with score >= maxPoints / 2 */
  successRate: z.number().nullable(),
});
export type QuestionStat = z.infer<typeof QuestionStat>;

export const VariantStat = z.object({
  /** null: copies without a variant */
  variant: z.string().nullable(),
  maxPoints: z.number(),
  count: z.number().int(),
  /** in this variant's points */
  mean: z.number().nullable(),
});
export type VariantStat = z.infer<typeof VariantStat>;

export const ScoreStats = z.object({
  count: z.number().int(),
  /** the scale of the figures: the copies' common maximum, or 20 when variants' maxima differ */
  maxPoints: z.number(),
  /** variants with different maxima: totals brought to maxPoints */
  normalized: z.boolean(),
  /** per variant present, in its own points */
  variants: z.array(VariantStat),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  stdDev: z.number().nullable(),
  distribution: z.array(DistributionBin),
  questions: z.array(QuestionStat),
});
export type ScoreStats = z.infer<typeof ScoreStats>;

export const FailedRender = z.object({
  copyId: Id,
  anonymousCode: z.string(),
  /** the last attempt's error */
  error: z.string().nullable(),
  attempts: z.number().int(),
  /** when the copy last changed (the failure, or a later retry's failure) */
  since: IsoDateTime,
});
export type FailedRender = z.infer<typeof FailedRender>;

export const ItemStat = z.object({
  id: z.string(),
  label: z.string(),
  points: z.number(),
  count: z.number().int(),
  /** 0..1 of the copies graded on the question; null when none is */
  share: z.number().nullable(),
});
export type ItemStat = z.infer<typeof ItemStat>;

export const QuestionItemStats = z.object({
  questionId: z.string(),
  label: z.string(),
  path: z.string(),
  /** copies with a mark on this question */
  graded: z.number().int(),
  items: z.array(ItemStat),
});
export type QuestionItemStats = z.infer<typeof QuestionItemStats>;

export const DriftGrader = z.object({
  graderId: Id,
  displayName: z.string(),
  copies: z.number().int(),
  othersCopies: z.number().int(),
  mean: z.number(),
  othersMean: z.number(),
  /** mean − othersMean, in points (negative: harsher) */
  gap: z.number(),
  /** the interval of the gap (points) that the alert test uses */
  low: z.number(),
  high: z.number(),
  flagged: z.boolean(),
  /** the gap the alert needs (points) */
  threshold: z.number(),
});
export type DriftGrader = z.infer<typeof DriftGrader>;

export const DriftQuestion = z.object({ id: z.string(), label: z.string(), path: z.string(), maxPoints: z.number(), graders: z.array(DriftGrader) });
export type DriftQuestion = z.infer<typeof DriftQuestion>;

export const DriftAlert = DriftGrader.extend({
  questionId: z.string(),
  questionPath: z.string(),
  maxPoints: z.number(),
  /** the grader's copies on the question, in the order they were finalized */
  copyList: z.array(z.object({ id: Id, anonymousCode: z.string(), score: z.number() })),
});
export type DriftAlert = z.infer<typeof DriftAlert>;

export const DriftReport = z.object({
  alpha: z.number(),
  minCopies: z.number().int(),
  /** share of a question's points a gap must reach */
  minShare: z.number(),
  questions: z.array(DriftQuestion),
  alerts: z.array(DriftAlert),
});
export type DriftReport = z.infer<typeof DriftReport>;

export const ExamStats = z.object({
  exam: ExamHeader,
  generatedAt: IsoDateTime,
  copies: z.object({
    total: z.number().int(),
    byState: z.record(CopyState, z.number().int()),
    released: z.number().int(),
    identified: z.number().int(),
  }),
  /** RENDER_FAILED copies (at most 50), with the last attempt's error */
  failedRenders: z.array(FailedRender),
  pace: Pace,
  graders: z.array(GraderProgress),
  locks: z.array(LockActivity),
  scores: ScoreStats,
  /** per question graded with rubric items: share of the graded copies that got each item */
  items: z.array(QuestionItemStats),
  /** graders whose marks on a question drift from the others' (docs/moderation.md) */
  drift: DriftReport,
});
export type ExamStats = z.infer<typeof ExamStats>;

export const supervisionApi = {
  supervisedExams: route({
    method: "GET",
    path: "/api/supervision/exams",
    summary: "The exams not archived, with their copies, graded and released counts",
    access: MANAGERS,
    response: z.object({ exams: z.array(ExamOverview) }),
    errors: ["FORBIDDEN"],
  }),
  examStats: route({
    method: "GET",
    path: "/api/supervision/exams/:examId/stats",
    summary: "An exam's dashboard: copies by state, failed renders, pace per grader, locks, score and rubric-item statistics, drift",
    access: MANAGERS,
    params: ExamIdParam,
    response: ExamStats,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  examLocks: route({
    method: "GET",
    path: "/api/supervision/exams/:examId/locks",
    summary: "Who holds which copy of an exam, since when, idle or not",
    access: MANAGERS,
    params: ExamIdParam,
    response: z.object({ locks: z.array(LockActivity) }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
};
