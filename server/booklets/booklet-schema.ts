// What the office sends to print booklets.
import { z } from "zod";

export const MAX_BOOKLETS_PER_RUN = 1000;

export const PrintRequest = z
  .strictObject({
    /** anonymous: numbered booklets; named: one per student, name and class printed */
    mode: z.enum(["anonymous", "named"]),
    count: z.number().int().min(0).max(MAX_BOOKLETS_PER_RUN).optional(),
    studentIds: z.array(z.uuid()).max(MAX_BOOKLETS_PER_RUN).optional(),
    classNames: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
    /** extra answer sheets (a code each, no copy) */
    extraSheets: z.number().int().min(0).max(MAX_BOOKLETS_PER_RUN).default(0),
    /** the exam's subject PDF as the pages, or ruled blank pages */
    template: z.enum(["subject", "blank"]).default("subject"),
    /** pages of a blank booklet */
    pageCount: z.number().int().min(1).max(40).optional(),
  })
  .refine((r) => r.mode !== "anonymous" || (r.count ?? 0) + r.extraSheets > 0, {
    message: "count (or extraSheets) is required for anonymous booklets",
    path: ["count"],
  })
  .refine((r) => r.mode !== "named" || (r.studentIds?.length ?? 0) + (r.classNames?.length ?? 0) > 0, {
    message: "studentIds or classNames are required for named booklets",
    path: ["studentIds"],
  })
  .refine((r) => r.template !== "blank" || r.pageCount !== undefined, { message: "pageCount is required with blank pages", path: ["pageCount"] });
export type PrintRequest = z.infer<typeof PrintRequest>;

export const RunParam = z.strictObject({ id: z.uuid(), run: z.coerce.number().int().min(1).max(100_000) });
