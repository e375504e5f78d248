// Releasing results to students (admin, audited): the exam's copies with their release state, release
// (each copy as a released version, behind the scan-integrity gate) and unrelease.
import { z } from "zod";
import { CopyState, Id, IsoDateTime } from "../common.ts";
import { route } from "./route.ts";

export const ExamIdParam = z.strictObject({ examId: z.uuid() });

/** No copyIds: every graded copy of the exam; otherwise only those (of this exam). */
export const ReleaseInput = z.strictObject({
  copyIds: z.array(z.uuid()).min(1).max(10_000).optional(),
  /** release despite the scan-integrity gate: why, kept in the audit trail */
  override: z.strictObject({ reason: z.string().trim().min(5).max(500) }).optional(),
});
export type ReleaseInput = z.infer<typeof ReleaseInput>;
/** the body may be left out: the whole exam */
const ReleaseBody = ReleaseInput.default({});

export const ReleaseCopy = z.object({
  id: Id,
  anonymousCode: z.string(),
  state: CopyState,
  releasedAt: IsoDateTime.nullable(),
  student: z.object({ lastName: z.string(), firstName: z.string(), className: z.string().nullable() }).nullable(),
  /** graded copies only */
  total: z.number().nullable(),
  maxPoints: z.number(),
  /** why the last render failed (RENDER_FAILED copies only) */
  renderError: z.string().nullable(),
  /** the last released version (what the student sees while released), null: never released */
  releasedVersion: z.object({ number: z.number().int(), total: z.number(), releasedAt: IsoDateTime }).nullable(),
  /** a GRADED copy whose document or total differs from its last released version */
  changedSinceRelease: z.boolean(),
});
export type ReleaseCopy = z.infer<typeof ReleaseCopy>;

export const ReleaseOverview = z.object({ exam: z.object({ id: Id, title: z.string() }), copies: z.array(ReleaseCopy) });
export type ReleaseOverview = z.infer<typeof ReleaseOverview>;

export const ReleaseResult = z.object({
  examId: Id,
  /** copies whose visibility or released version changed */
  changed: z.array(Id),
  /** selected copies left as they were: not graded (release), already in the asked state, or not of this exam */
  unchanged: z.array(z.string()),
  /** release: copy id → number of the version the student now sees, for the copies that got a new one */
  versions: z.record(z.string(), z.number().int()),
  /** release: graded copies whose PDF is being rendered for their current marks; release them again once done */
  awaitingRender: z.array(Id),
});
export type ReleaseResult = z.infer<typeof ReleaseResult>;

/** Why release refuses a copy (409 RELEASE_BLOCKED, its details: `{ blocked: BlockedCopy[] }`). */
export const BlockReason = z.enum(["UNIDENTIFIED", "STAGING", "PAGES_MISSING", "RECONCILIATION_PENDING"]);
export type BlockReason = z.infer<typeof BlockReason>;
export const BlockedCopy = z.object({
  copyId: Id,
  anonymousCode: z.string(),
  reasons: z.array(BlockReason),
  pages: z.number().int(),
  /** the exam's expected page count (a booklet's printed pages for a QR booklet), null when none is set */
  expectedPages: z.number().int().nullable(),
  /** a QR booklet's printed pages that were not scanned (1-based) */
  missingPages: z.array(z.number().int()),
});
export type BlockedCopy = z.infer<typeof BlockedCopy>;

const ADMIN = ["ADMIN"] as const;

export const releaseApi = {
  releaseOverview: route({
    method: "GET",
    path: "/api/release/exams/:examId",
    summary: "Every copy of an exam with its state, student, total, release and last released version",
    access: ADMIN,
    params: ExamIdParam,
    response: ReleaseOverview,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  releaseCopies: route({
    method: "POST",
    path: "/api/release/exams/:examId/release",
    summary:
      "Show graded copies (all, or a selection) to their students, each as a released version; refused by the scan-integrity gate unless overridden with a reason",
    access: ADMIN,
    params: ExamIdParam,
    body: ReleaseBody,
    response: ReleaseResult,
    errors: ["FORBIDDEN", "NOT_FOUND", "RELEASE_BLOCKED"],
  }),
  unreleaseCopies: route({
    method: "POST",
    path: "/api/release/exams/:examId/unrelease",
    summary: "Hide released copies (all, or a selection) from their students again",
    access: ADMIN,
    params: ExamIdParam,
    body: ReleaseBody,
    response: ReleaseResult,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
};
