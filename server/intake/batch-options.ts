// How a scan batch is cut into copies: the mode and its options, as sent with the upload.
import { z } from "zod";

export const Normalize = z.enum(["none", "rotate90", "rotate270"]);

export const A3Options = z.strictObject({
  /** pages of one booklet (a multiple of 4): 4 = one folded A3 sheet */
  bookletPages: z.number().int().min(4).max(64).multipleOf(4).default(4),
  /** "booklet": folded sheets put back in reading order; "flat": each A3 side is [left | right] as read */
  order: z.enum(["booklet", "flat"]).default("booklet"),
  /** nested sheets of a booklet: which one the scanner saw first */
  sheetOrder: z.enum(["outer-first", "inner-first"]).default("outer-first"),
  /** some duplex scanners turn every verso upside down */
  versoRotated: z.boolean().default(false),
});
export type A3Options = z.infer<typeof A3Options>;

export const BatchOptions = z.strictObject({
  /** landscape pages in a portrait batch: turn them (Page.rotation) or leave them */
  normalizeLandscape: Normalize.default("none"),
  a3: A3Options.optional(),
  /** the variant (sujet A/B) every copy of the batch starts with; absent = none */
  variant: z
    .string()
    .regex(/^[A-Z]$/)
    .optional(),
});
export type BatchOptions = z.infer<typeof BatchOptions>;

const jsonObject = z
  .string()
  .max(4000)
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "options must be a JSON object" });
      return z.NEVER;
    }
  });

/** The multipart fields of POST /api/exams/:id/batches. */
export const UploadFields = z
  .strictObject({
    mode: z.enum(["PER_COPY", "SPLIT_EVERY_N", "A3_BOOKLET", "QR_BOOKLETS"]),
    pagesPerCopy: z.coerce.number().int().min(1).max(500).optional(),
    options: jsonObject.pipe(BatchOptions.partial()).optional(),
    allowDuplicate: z.enum(["true", "false"]).optional(),
    /** default variant of the batch's copies ("A", "B"); empty = none */
    variant: z
      .string()
      .trim()
      .regex(/^([A-Z])?$/, "a variant is one capital letter (A, B …)")
      .transform((v) => v || undefined)
      .optional(),
  })
  .refine((f) => f.mode !== "SPLIT_EVERY_N" || f.pagesPerCopy !== undefined, {
    message: "pagesPerCopy is required with SPLIT_EVERY_N",
    path: ["pagesPerCopy"],
  });
export type UploadFields = z.infer<typeof UploadFields>;

export function resolveOptions(mode: string, raw: unknown): BatchOptions {
  const o = BatchOptions.parse(raw ?? {});
  return mode === "A3_BOOKLET" ? { ...o, a3: A3Options.parse(o.a3 ?? {}) } : o;
}

/** The default variant stored with a batch's options (null when none). */
export function batchVariant(options: unknown): string | null {
  const v = options && typeof options === "object" ? (options as Record<string, unknown>).variant : undefined;
  return typeof v === "string" && /^[A-Z]$/.test(v) ? v : null;
}
