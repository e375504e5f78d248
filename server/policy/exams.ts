// Exams, grading scales and exam documents (subject, answer key).
import { isRole, type Actor } from "./actor.ts";

/** Whether the actor grades at least one copy of the exam (dispatch). */
export interface ExamMaterialResource {
  readonly assigned: boolean;
}

export const examRules = {
  "exam.list": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  "exam.read": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  "exam.create": (a: Actor | null) => isRole(a, "ADMIN"),
  "exam.update": (a: Actor | null) => isRole(a, "ADMIN"),
  "exam.archive": (a: Actor | null) => isRole(a, "ADMIN"),
  "scale.update": (a: Actor | null) => isRole(a, "ADMIN"),
  /** rubric items, modes, bonus (previews, applies, undoes): the exam office and the head teachers */
  "rubric.update": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  "document.upload": (a: Actor | null) => isRole(a, "ADMIN"),
  "document.delete": (a: Actor | null) => isRole(a, "ADMIN"),
  /** the scale and the documents: office and supervisors, and the graders of the exam */
  "exam.readMaterial": (a: Actor | null, r: ExamMaterialResource) => isRole(a, "ADMIN", "SUPERVISOR") || (isRole(a, "GRADER") && r.assigned),
} as const;
