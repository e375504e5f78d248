// zod at the edge of the history routes (docs/history.md).
import { z } from "zod";

export const HistoryParam = z.strictObject({ id: z.uuid() });

export const TimelineQuery = z.strictObject({
  /** only the changes of this person */
  author: z.uuid().optional(),
  /** only the changes touching this question */
  question: z.string().min(1).max(128).optional(),
});

/** A moment: a change's seq, or a time (the last change at or before it). */
export const StateQuery = z
  .strictObject({
    seq: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    at: z.iso.datetime({ offset: true }).optional(),
    /** only this page's annotations (the desk shows one page); all pages when absent */
    page: z.coerce.number().int().min(0).max(999).optional(),
    /** yjs: the document's state (base64 Yjs update) instead of its plain content, for the desk to draw */
    format: z.enum(["json", "yjs"]).optional(),
  })
  .refine((q) => (q.seq === undefined) !== (q.at === undefined), { message: "give exactly one of seq or at" });

export const WhoQuery = z.strictObject({ question: z.string().min(1).max(128) });
