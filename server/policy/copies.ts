// Who may open, grade, take over and monitor copies in real time.
import type { CopyState } from "../db/client.ts";
import { isRole, isStaff, type Actor } from "./actor.ts";

/** What the rules need to know about one copy for one actor. */
export interface CopyResource {
  readonly state: CopyState;
  /** the actor's dispatch of this copy (empty questionIds = whole copy), null when none */
  readonly assignment: { readonly questionIds: readonly string[] } | null;
}

export const copyRules = {
  /** open a real-time connection at all: staff only, never students */
  "grading.connect": (a: Actor | null) => isStaff(a),
  /** dashboards of an exam's grading (progress, locks) */
  "grading.monitor": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  /** read a copy's document: supervisors and admins any copy, a grader only a dispatched one */
  "copy.view": (a: Actor | null, c: CopyResource) => isRole(a, "ADMIN", "SUPERVISOR") || (isRole(a, "GRADER") && c.assignment !== null),
  /** lock and write: the dispatched grader, while the copy is being graded */
  "copy.write": (a: Actor | null, c: CopyResource) => isRole(a, "GRADER") && c.assignment !== null && c.state === "READY",
  /** break another holder's lock (audited) */
  "copy.takeover": (a: Actor | null) => isRole(a, "SUPERVISOR", "ADMIN"),
} as const;
