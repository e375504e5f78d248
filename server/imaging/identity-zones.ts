// Identity zones: where a student's name is written on the pages of an exam's copies, in
// normalized page coordinates (x, y from the top-left corner of the page as displayed). A zone
// with page = null applies to every page (the schemas are the contract's). Pure: used by the routes,
// the worker and the tests.
import { IdentityZones, type IdentityZone } from "../../collab/contract/api/imaging.ts";

export type { IdentityZone };

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
