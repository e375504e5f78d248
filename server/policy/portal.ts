// The student portal: a student reaches only their own copies, and only while released (a released
// version exists and the copy was not unreleased).
// Anything else answers as if it did not exist (authorizeOrHide → 404).
import { isRole, type Actor } from "./actor.ts";

export interface PortalCopyResource {
  /** the User linked to the copy's student, null when the copy is unidentified */
  readonly ownerUserId: string | null;
  readonly releasedAt: Date | null;
  /** a released version exists (the copy may be reopened or re-rendered meanwhile: the student sees that version) */
  readonly hasReleasedVersion: boolean;
}

export const portalRules = {
  /** the portal at all: students only (staff have their own screens) */
  "portal.access": (a: Actor | null) => isRole(a, "STUDENT"),
  "portal.viewCopy": (a: Actor | null, c: PortalCopyResource) =>
    isRole(a, "STUDENT") && c.ownerUserId === a.id && c.releasedAt !== null && c.hasReleasedVersion,
} as const;
