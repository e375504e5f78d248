import { z } from "zod";

export const ExamParam = z.strictObject({ id: z.uuid() });

const common = {
  /** first take back the copies not yet started (READY, no annotation or score, not locked) */
  redispatch: z.boolean().default(false),
  /** with redispatch: also take back READY copies already started (not locked right now) */
  includeStarted: z.boolean().default(false),
};

export const DispatchInput = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("copies"), graderIds: z.array(z.uuid()).min(1).max(200), ...common }),
  z.strictObject({
    mode: z.literal("questions"),
    groups: z
      .array(z.strictObject({ graderIds: z.array(z.uuid()).min(1).max(200), exerciseIds: z.array(z.uuid()).min(1).max(100) }))
      .min(1)
      .max(20),
    ...common,
  }),
]);
export type DispatchInput = z.infer<typeof DispatchInput>;

export const GraderCopiesQuery = z.strictObject({ examId: z.uuid() });
