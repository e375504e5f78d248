// Regrade requests (#17): a student asks about one question of their own released copy; the
// supervisors and the graders the copy is dispatched to see the queue and answer; the office
// exports the requests with their outcomes; supervisors set the window and the cap.
import { isRole, type Actor } from "./actor.ts";

/** The student's own request or copy: the User linked to the copy's student. */
export interface RegradeOwnerResource {
  readonly ownerUserId: string | null;
}

/** One request seen by staff: the graders the copy (or the request's question) is dispatched to. */
export interface RegradeStaffResource {
  readonly graderIds: readonly string[];
}

const oversees = (a: Actor | null): boolean => isRole(a, "ADMIN", "SUPERVISOR");

export const regradeRules = {
  /** ask for a review, list and withdraw one's own requests: students */
  "regrade.request": (a: Actor | null) => isRole(a, "STUDENT"),
  "regrade.own": (a: Actor | null, r: RegradeOwnerResource) => isRole(a, "STUDENT") && r.ownerUserId === a.id,
  /** the regrade queue at all: staff who grade or oversee (a grader's list is filtered to their copies) */
  "regrade.queue": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR", "GRADER"),
  /** see every request of an exam */
  "regrade.queueAll": (a: Actor | null) => oversees(a),
  /** see and answer one request: supervisors, admins, and the graders concerned */
  "regrade.answer": (a: Actor | null, r: RegradeStaffResource) => oversees(a) || (isRole(a, "GRADER") && r.graderIds.includes(a.id)),
  /** the window and the cap of an exam */
  "regrade.configure": (a: Actor | null) => oversees(a),
  /** the requests with the students' names: the exam office, like the other exports */
  "export.regrades": (a: Actor | null) => isRole(a, "ADMIN"),
} as const;
