// Question regions and grading by question (#12).
import { isRole, type Actor } from "./actor.ts";

/** Whether the actor grades at least one copy of the exam (dispatch). */
export interface ExamGraderResource {
  readonly assigned: boolean;
}

export const regionRules = {
  /** where each question is answered: staff and the exam's graders */
  "regions.read": (a: Actor | null, r: ExamGraderResource) => isRole(a, "ADMIN", "SUPERVISOR") || (isRole(a, "GRADER") && r.assigned),
  /** drawing the regions on the subject or the first copy: the office and supervisors */
  "regions.update": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  /** taking (copy, question) claims to grade one question across copies: the exam's graders only (staff never write) */
  "question.claim": (a: Actor | null, r: ExamGraderResource) => isRole(a, "GRADER") && r.assigned,
} as const;
