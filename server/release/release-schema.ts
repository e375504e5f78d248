import { z } from "zod";

export const ExamIdParam = z.strictObject({ examId: z.uuid() });

/** No copyIds: every graded copy of the exam; otherwise only those (of this exam). */
export const ReleaseInput = z.strictObject({
  copyIds: z.array(z.uuid()).min(1).max(10_000).optional(),
  /** release despite the scan-integrity gate (release-gate.ts): why, kept in the audit trail */
  override: z.strictObject({ reason: z.string().trim().min(5).max(500) }).optional(),
});
export type ReleaseInput = z.infer<typeof ReleaseInput>;
