// Question regions over HTTP: a question answered in one box, or across two (a page break).
import { z } from "zod";

export const MAX_REGIONS_PER_QUESTION = 2;
const unit = z.number().finite().min(0).max(1);

export const BoxSchema = z
  .strictObject({ x: unit, y: unit, w: unit.refine((v) => v >= 0.01, "at least 1% of the page"), h: unit.refine((v) => v >= 0.01, "at least 1% of the page") })
  .refine((b) => b.x + b.w <= 1 + 1e-9 && b.y + b.h <= 1 + 1e-9, "the box must stay within the page");
export type Box = z.infer<typeof BoxSchema>;

export const RegionSchema = z.strictObject({
  /** 1-based page of the copy */
  page: z.number().int().min(1).max(500),
  box: BoxSchema,
});
export type Region = z.infer<typeof RegionSchema>;

/** PUT body: every question's regions at once (a question left out has none). */
export const RegionsPutSchema = z.strictObject({
  questions: z.record(z.string().min(1).max(128), z.array(RegionSchema).min(1).max(MAX_REGIONS_PER_QUESTION)),
});
export type RegionsPut = z.infer<typeof RegionsPutSchema>;
