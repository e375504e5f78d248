// The grading scale as the editor sends it: exercises → questions → sub-questions, in order.
// Existing nodes carry their id (kept, so scores stay attached); new nodes have none.
import { z } from "zod";

export interface ScaleNodeInput {
  id?: string | undefined;
  label: string;
  maxPoints?: number | null | undefined;
  variant?: string | null | undefined;
  children?: ScaleNodeInput[] | undefined;
}

export const ScaleNodeInput: z.ZodType<ScaleNodeInput> = z.lazy(() =>
  z.strictObject({
    id: z.uuid().optional(),
    label: z.string().trim().min(1).max(120),
    maxPoints: z.number().finite().nullish(),
    // its form (one capital letter) is checked with the tree (scale-check.ts), so it is reported with the other issues
    variant: z.string().trim().max(8).nullish(),
    children: z.array(ScaleNodeInput).max(100).optional(),
  }),
);

export const ScaleInput = z.strictObject({ exercises: z.array(ScaleNodeInput).max(100) });
export type ScaleInput = z.infer<typeof ScaleInput>;
