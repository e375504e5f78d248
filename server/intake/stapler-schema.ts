import { z } from "zod";

export const MovePageInput = z.strictObject({
  pageId: z.uuid(),
  /** null sets the page aside (a blank or stray page) */
  toCopyId: z.uuid().nullable(),
  /** 0-based place in the target copy; default: at the end */
  position: z.number().int().min(0).optional(),
});
export const MergeInput = z.strictObject({ targetCopyId: z.uuid(), sourceCopyId: z.uuid() });
export const SplitInput = z.strictObject({ copyId: z.uuid(), atPageId: z.uuid() });
export const ReorderInput = z.strictObject({ copyId: z.uuid(), pageIds: z.array(z.uuid()).min(1).max(1000) });
export const RotateInput = z.strictObject({ pageId: z.uuid(), rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]) });
export const NewCopyInput = z.strictObject({ pageIds: z.array(z.uuid()).min(1).max(1000) });
export const DeleteCopyInput = z.strictObject({ copyId: z.uuid() });
export const ValidateInput = z.strictObject({ batchId: z.uuid().optional() });
