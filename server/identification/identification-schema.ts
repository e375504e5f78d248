import { z } from "zod";

export const ExamParam = z.strictObject({ id: z.uuid() });
export const CopyParam = z.strictObject({ id: z.uuid() });
export const AbsenceParam = z.strictObject({ id: z.uuid(), studentId: z.uuid() });
export const VariantInput = z.strictObject({
  variant: z
    .string()
    .regex(/^[A-Z]$/, "a variant is one capital letter (A, B …)")
    .nullable(),
});
export const LinkInput = z.strictObject({ studentId: z.uuid() });
export const SearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  className: z.string().trim().max(60).optional(),
});
export const CopiesQuery = z.strictObject({
  state: z.enum(["STAGING", "READY", "FINALIZING", "GRADED", "RENDER_FAILED"]).optional(),
  identified: z.enum(["true", "false"]).optional(),
});
