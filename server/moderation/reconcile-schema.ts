// zod at the edge of the reconciliation routes.
import { z } from "zod";

export const ExamIdParam = z.strictObject({ examId: z.uuid() });
export const CopyIdParam = z.strictObject({ copyId: z.uuid() });
export const CopyQuestionParam = z.strictObject({ copyId: z.uuid(), questionId: z.string().min(1).max(128) });

const hundredths = (x: number) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;
const version = z.number().int().min(0).max(1_000_000);

export const DecideInput = z.union([
  z.strictObject({ expectedVersion: version, source: z.enum(["FIRST", "SECOND"]), comment: z.string().trim().max(500).optional() }),
  z.strictObject({
    expectedVersion: version,
    mark: z.number().min(0).max(10_000).refine(hundredths, "a mark is written with at most two decimals"),
    comment: z.string().trim().min(1, "a mark set by hand needs a comment").max(500),
  }),
]);
export type DecideInput = z.infer<typeof DecideInput>;

export const SettingsInput = z.strictObject({
  tolerance: z.number().min(0).max(100).refine(hundredths, "a tolerance is written with at most two decimals"),
  rule: z.enum(["FIRST", "MEAN", "HIGHER"]),
});
export type SettingsInput = z.infer<typeof SettingsInput>;
