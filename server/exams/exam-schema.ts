import { z } from "zod";

export const ExamIdParam = z.strictObject({ id: z.uuid() });

const isoDate = z.iso.date().transform((d) => new Date(`${d}T00:00:00Z`));

export const CreateExamInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  subject: z.string().trim().min(1).max(120).nullish(),
  examDate: isoDate.nullish(),
});
export type CreateExamInput = z.infer<typeof CreateExamInput>;

export const UpdateExamInput = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    subject: z.string().trim().min(1).max(120).nullable().optional(),
    examDate: isoDate.nullable().optional(),
    status: z.enum(["DRAFT", "ACTIVE"]).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "nothing to update");
export type UpdateExamInput = z.infer<typeof UpdateExamInput>;

export const ListExamsQuery = z.strictObject({
  archived: z.enum(["true", "false", "all"]).default("false"),
});
