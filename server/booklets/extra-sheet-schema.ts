import { z } from "zod";

/** An extra answer sheet set aside by the split, joined to the copy the office names. */
export const AttachExtraSheetInput = z.strictObject({ pageId: z.uuid(), copyId: z.uuid() });
/** An attached extra sheet back to the stapler (the undo of an attach). */
export const DetachExtraSheetInput = z.strictObject({ pageId: z.uuid() });
/** What the office types to find the copy: a student's name, an anonymous code or a copy number. */
export const CopySuggestionQuery = z.strictObject({ q: z.string().trim().min(1).max(80) });
