// The grader desk's annotation bank: reusable comments, personal or shared with an exam's graders.
import { isRole, isStaff, type Actor } from "./actor.ts";

/** What the rules need to know about a bank entry, or about the exam an entry is shared with. */
export interface BankEntryTarget {
  readonly ownerId: string | null;
  readonly examId: string | null;
}

export interface BankExamTarget {
  /** the actor grades at least one copy of the exam */
  readonly assigned: boolean;
}

const oversees = (a: Actor | null): boolean => isRole(a, "ADMIN", "SUPERVISOR");

export const deskRules = {
  /** one's own personal bank: every staff member who opens the desk */
  "bank.usePersonal": (a: Actor | null) => isStaff(a),
  /** read and add entries shared with an exam: its graders, supervisors and the office */
  "bank.useExam": (a: Actor | null, e: BankExamTarget) => oversees(a) || (isRole(a, "GRADER") && e.assigned),
  /** delete: the author; an exam's shared entries also the supervisors and the office */
  "bank.delete": (a: Actor | null, t: BankEntryTarget) => isStaff(a) && (t.ownerId === a.id || (t.examId !== null && oversees(a))),
} as const;
