// Identity zones: where a student's name is written on the pages of an exam's copies, in
// normalized page coordinates (x, y from the top-left corner of the page as displayed). A zone
// with page = null applies to every page. Pure: used by the routes, the worker and the tests.
import { z } from "zod";

const unit = z.number().min(0).max(1);

export const IdentityZone = z
  .strictObject({
    /** 1-based page position in the copy; null: every page */
    page: z.number().int().min(1).max(500).nullable(),
    x: unit,
    y: unit,
    w: z.number().gt(0).max(1),
    h: z.number().gt(0).max(1),
  })
  .refine((zn) => zn.x + zn.w <= 1 + 1e-9 && zn.y + zn.h <= 1 + 1e-9, { message: "the zone must lie inside the page" });
export type IdentityZone = z.infer<typeof IdentityZone>;

export const IdentityZones = z.array(IdentityZone).max(20);

export const IdentityZonesInput = z.strictObject({
  zones: IdentityZones,
  supervisorsSeeNames: z.boolean().optional(),
});

/** The default: the top band of page 1, the header the identification desk shows. */
export const DEFAULT_ZONES: IdentityZone[] = [{ page: 1, x: 0, y: 0, w: 1, h: 0.25 }];

/** The stored JSON, read defensively: an unreadable value hides the default band (fail closed). */
export function parseZones(json: unknown): IdentityZone[] {
  const r = IdentityZones.safeParse(json);
  return r.success ? r.data : DEFAULT_ZONES;
}

/** The zones that apply to the page at this 0-based position. */
export function zonesForPosition(zones: readonly IdentityZone[], position: number): IdentityZone[] {
  return zones.filter((zn) => zn.page === null || zn.page === position + 1);
}
