// zod at the edge of the desk routes.
import { z } from "zod";

export const CopyIdParam = z.strictObject({ id: z.uuid() });
export const BankIdParam = z.strictObject({ id: z.uuid() });
export const BankQuery = z.strictObject({ examId: z.uuid().optional() });

/** examId set: shared with the graders of that exam; absent: personal. */
export const BankInput = z.strictObject({
  text: z.string().trim().min(1).max(500),
  examId: z.uuid().optional(),
});
export type BankInput = z.infer<typeof BankInput>;
