// Who may open, grade, take over and monitor copies in real time.
import type { CopyState } from "../db/client.ts";
import { isRole, isStaff, type Actor } from "./actor.ts";

/** Whether the actor is dispatched at least one copy of the exam. */
export interface ExamFollowResource {
  readonly assigned: boolean;
}

/** What the rules need to know about one copy for one actor. */
export interface CopyResource {
  readonly state: CopyState;
  /** the actor's dispatch of this copy (empty questionIds = whole copy), null when none */
  readonly assignment: { readonly questionIds: readonly string[] } | null;
  /** the actor is the blind second marker of this copy (marking asked or under way): the main layer is closed to them */
  readonly blind?: boolean;
}

export const copyRules = {
  /** open a real-time connection at all: staff only, never students */
  "grading.connect": (a: Actor | null) => isStaff(a),
  /** dashboards of an exam's grading (progress, locks) */
  "grading.monitor": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  /** an exam's lock and copy-state changes, nothing else (a grader's home): its graders and staff */
  "grading.follow": (a: Actor | null, r: ExamFollowResource) => isRole(a, "ADMIN", "SUPERVISOR") || (isRole(a, "GRADER") && r.assigned),
  /** read a copy's document: supervisors and admins any copy, a grader only a dispatched one */
  "copy.view": (a: Actor | null, c: CopyResource) => isRole(a, "ADMIN", "SUPERVISOR") || (isRole(a, "GRADER") && c.assignment !== null && c.blind !== true),
  /** lock and write: the dispatched grader, while the copy is being graded */
  "copy.write": (a: Actor | null, c: CopyResource) => isRole(a, "GRADER") && c.assignment !== null && c.blind !== true && c.state === "READY",
  /** a copy's history (timeline, state at a moment, who set a mark): as copy.view — supervisors, a grader only a copy dispatched to them */
  "copy.history": (a: Actor | null, c: CopyResource) => isRole(a, "ADMIN", "SUPERVISOR") || (isRole(a, "GRADER") && c.assignment !== null && c.blind !== true),
  /** break another holder's lock (audited) */
  "copy.takeover": (a: Actor | null) => isRole(a, "SUPERVISOR", "ADMIN"),
} as const;
