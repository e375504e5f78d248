// Intake: roster, scan batches, stapler, identification, dispatch, and the graders' own lists.
import { isRole, isStaff, type Actor } from "./actor.ts";

/** Whether the copy is dispatched to the actor. */
export interface ScanResource {
  readonly assigned: boolean;
  /** the grader second-marks the copy: the bare scan is what they mark (no first-layer trace on it) */
  readonly secondMarker?: boolean;
}

export const intakeRules = {
  "roster.read": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  "roster.import": (a: Actor | null) => isRole(a, "ADMIN"),
  "batch.read": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  "batch.upload": (a: Actor | null) => isRole(a, "ADMIN"),
  "batch.manage": (a: Actor | null) => isRole(a, "ADMIN"),
  /** live processing progress of an exam's batches (socket intake:watch): who runs the intake */
  "batch.follow": (a: Actor | null) => isRole(a, "ADMIN"),
  /** print QR-coded booklets (reserves copy numbers, names students): who runs the intake */
  "booklet.print": (a: Actor | null) => isRole(a, "ADMIN"),
  /** the printed runs, their PDFs and the scanned/missing pages */
  "booklet.read": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  "stapler.edit": (a: Actor | null) => isRole(a, "ADMIN"),
  "copies.validate": (a: Actor | null) => isRole(a, "ADMIN"),
  /** copies with the students' identities */
  "copies.list": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  /** staff roles that may ever see scans; students never (they get their released PDF elsewhere) */
  "scan.view": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR", "GRADER"),
  /** one copy's scan: any for office and supervisors, a grader only when dispatched */
  "copy.readScan": (a: Actor | null, r: ScanResource) => isRole(a, "ADMIN", "SUPERVISOR") || (isRole(a, "GRADER") && (r.assigned || r.secondMarker === true)),
  "identification.edit": (a: Actor | null) => isRole(a, "ADMIN"),
  /** which variant (sujet A/B) a copy sits: set by who runs the intake */
  "copy.setVariant": (a: Actor | null) => isRole(a, "ADMIN"),
  "dispatch.read": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  "dispatch.edit": (a: Actor | null) => isRole(a, "ADMIN"),
  /** the "my copies" lists: every staff member sees what is dispatched to them */
  "grader.ownWork": (a: Actor | null) => isStaff(a),
} as const;
