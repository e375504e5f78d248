import { z } from "zod";

export const ExamIdParam = z.strictObject({ examId: z.uuid() });
