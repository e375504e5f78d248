import { z } from "zod";

export const ExamIdParam = z.strictObject({ id: z.uuid() });

const isoDate = z.iso.date().transform((d) => new Date(`${d}T00:00:00Z`));

export const CreateExamInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  subject: z.string().trim().min(1).max(120).nullish(),
  examDate: isoDate.nullish(),
});
export type CreateExamInput = z.infer<typeof CreateExamInput>;

export const GradeBoundaries = z
  .array(z.number().refine((b) => Number.isFinite(b) && b > 0 && b < 10000, "a boundary is a number of points above 0"))
  .max(10)
  .transform((list) => [...new Set(list)].sort((a, b) => a - b));

export const UpdateExamInput = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    subject: z.string().trim().min(1).max(120).nullable().optional(),
    examDate: isoDate.nullable().optional(),
    status: z.enum(["DRAFT", "ACTIVE"]).optional(),
    /** grade boundaries in points of the total (rubric previews flag the copies crossing one) */
    gradeBoundaries: GradeBoundaries.optional(),
    /** pages a complete copy has (release refuses a copy with fewer); null: not checked */
    expectedPageCount: z.number().int().min(1).max(500).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "nothing to update");
export type UpdateExamInput = z.infer<typeof UpdateExamInput>;

export const ListExamsQuery = z.strictObject({
  archived: z.enum(["true", "false", "all"]).default("false"),
});
