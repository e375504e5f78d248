// Supervision (dashboards, live statistics) and the release of results to students.
import { isRole, type Actor } from "./actor.ts";

export const supervisionRules = {
  /** exam list with grading progress, per-grader pace, locks, score statistics */
  "supervision.view": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  /** which copies are released, with identities and totals */
  "release.read": (a: Actor | null) => isRole(a, "ADMIN"),
  /** release and unrelease copies to their students (audited) */
  "release.manage": (a: Actor | null) => isRole(a, "ADMIN"),
  /** release copies that fail the scan-integrity gate, with a reason (audited) */
  "release.override": (a: Actor | null) => isRole(a, "ADMIN"),
} as const;
