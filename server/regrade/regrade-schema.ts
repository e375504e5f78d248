// zod at the edges of regrade requests: what a student sends, what staff answer, the exam's settings.
import { z } from "zod";

export const MESSAGE_MAX = 2000;

export const IdParam = z.strictObject({ id: z.uuid() });
export const ExamIdParam = z.strictObject({ examId: z.uuid() });

/** A message is text: trimmed, 1..2000 characters, stored and shown as typed (never as HTML). */
const text = z.string().trim().min(1, "write a message").max(MESSAGE_MAX, `at most ${MESSAGE_MAX} characters`);

export const CreateRegradeInput = z.strictObject({
  questionId: z.uuid(),
  message: text,
});
export type CreateRegradeInput = z.infer<typeof CreateRegradeInput>;

/** A refusal gives its reason; an acceptance may add a note for the student. */
export const AnswerRegradeInput = z.discriminatedUnion("decision", [
  z.strictObject({ decision: z.literal("refuse"), reason: text }),
  z.strictObject({ decision: z.literal("accept"), note: z.string().trim().max(MESSAGE_MAX).optional() }),
]);
export type AnswerRegradeInput = z.infer<typeof AnswerRegradeInput>;

export const REGRADE_STATUSES = ["OPEN", "REFUSED", "ACCEPTED", "RESOLVED", "WITHDRAWN"] as const;

export const QueueQuery = z.strictObject({
  /** comma-separated statuses; default: every status */
  status: z
    .string()
    .max(100)
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.enum(REGRADE_STATUSES)).max(5))
    .optional(),
});

export const RegradeSettingsInput = z.strictObject({
  /** days after the copy's release during which its student may ask; null closes requests */
  windowDays: z.number().int().min(1).max(365).nullable(),
  /** requests one student may open on the exam (withdrawn ones do not count) */
  maxPerStudent: z.number().int().min(1).max(50),
});
export type RegradeSettingsInput = z.infer<typeof RegradeSettingsInput>;
