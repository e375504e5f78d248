// zod schemas of the moderation routes' inputs (docs/moderation.md).
import { z } from "zod";

const reopen = z.boolean().optional();

export const SecondMarkingRequest = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("percent"), percent: z.number().gt(0).max(100), reopen }).strict(),
  z.object({ mode: z.literal("count"), count: z.number().int().min(1).max(10_000), reopen }).strict(),
  z.object({ mode: z.literal("copies"), copyIds: z.array(z.uuid()).min(1).max(2_000), reopen }).strict(),
]);
export type SecondMarkingRequest = z.infer<typeof SecondMarkingRequest>;

export const ExamIdParam = z.object({ examId: z.uuid() });
export const ExamCopyParams = z.object({ examId: z.uuid(), copyId: z.uuid() });
export const CopyIdParam = z.object({ id: z.uuid() });
export const LayerParams = z.object({ id: z.uuid(), layer: z.literal("second") });
