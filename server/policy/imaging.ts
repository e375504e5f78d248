// Who sees a student's identity on the page images, and who sets where it is written.
import { isRole, type Actor } from "./actor.ts";

export interface IdentityResource {
  /** the exam's choice: its supervisors see names (true) or grade blind (false) */
  readonly supervisorsSeeNames: boolean;
}

export const imagingRules = {
  /** the original pages (identity zones unredacted): the office; supervisors unless the exam says blind; graders never */
  "copy.seeIdentity": (a: Actor | null, r: IdentityResource) => isRole(a, "ADMIN") || (isRole(a, "SUPERVISOR") && r.supervisorsSeeNames),
  "exam.readIdentityZones": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  "exam.editIdentityZones": (a: Actor | null) => isRole(a, "ADMIN"),
} as const;
