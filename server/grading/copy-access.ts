// What an actor may do with one copy, asked of the policy module: view (join read-only) or
// write (lock and send updates), and within which question range.
import type { Db, CopyState } from "../db/client.ts";
import { isGraderOfExam } from "../exams/exam-lookup.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import { isBlindTo } from "../moderation/blind-facts.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize, authorizeOrHideAs, can } from "../policy/policy.ts";

export interface CopyAccess {
  readonly copyId: string;
  readonly examId: string;
  readonly state: CopyState;
  readonly canWrite: boolean;
  /** the grader's question range; null = the whole copy (or no dispatch at all) */
  readonly questionIds: readonly string[] | null;
}

/** What the access decision reads of a copy: its exam, state and the actor's dispatch (null: none). */
export interface CopyAccessFacts {
  readonly id: string;
  readonly examId: string;
  readonly state: CopyState;
  readonly assignment: { readonly questionIds: readonly string[] } | null;
  /** the actor is this copy's blind second marker (moderation): the main layer is closed to them */
  readonly blind?: boolean;
}

/** Throws NOT_FOUND (the same for a missing and an inaccessible copy) unless the actor may at least view it. */
export async function loadCopyAccess(db: Db, actor: Actor, copyId: string): Promise<CopyAccess> {
  authorize(actor, "grading.connect"); // staff only, before any lookup: a student learns nothing either way
  const copy = await db.copy.findUnique({
    where: { id: copyId },
    select: {
      id: true,
      examId: true,
      state: true,
      assignments: { where: { graderId: actor.id }, select: { questionIds: true } },
      secondMarking: { select: { markerId: true, status: true } },
    },
  });
  return decideCopyAccess(actor, copy ? { ...copy, assignment: copy.assignments[0] ?? null, blind: isBlindTo(actor, copy.secondMarking) } : null);
}

/** The policy's answer on facts read beforehand (one by one above, or batched for joins: copy-access-reader.ts). */
export function decideCopyAccess(actor: Actor, copy: CopyAccessFacts | null): CopyAccess {
  authorize(actor, "grading.connect");
  if (!copy) throw notFound("Copy");
  const assignment = copy.assignment;
  const resource = { state: copy.state, assignment, blind: copy.blind === true };
  authorizeOrHideAs("Copy", actor, "copy.view", resource); // a copy not dispatched to a grader answers like a missing one
  return {
    copyId: copy.id,
    examId: copy.examId,
    state: copy.state,
    canWrite: can(actor, "copy.write", resource),
    questionIds: assignment && assignment.questionIds.length > 0 ? assignment.questionIds : null,
  };
}

/** Throws unless the actor may watch the exam's grading dashboard. */
export async function assertCanMonitorExam(db: Db, actor: Actor, examId: string): Promise<void> {
  authorize(actor, "grading.monitor");
  const exam = await db.exam.findUnique({ where: { id: examId }, select: { id: true } });
  if (!exam) throw new AppError("NOT_FOUND", "Exam not found");
}

/**
 * Throws unless the actor may follow the exam's lock and copy-state changes (a grader's home):
 * staff, or a grader dispatched at least one of its copies. A grader gets FORBIDDEN for an
 * unknown exam too (its existence is not revealed).
 */
export async function assertCanFollowExam(db: Db, actor: Actor, examId: string): Promise<void> {
  const assigned = actor.role === "GRADER" && (await isGraderOfExam(db, actor.id, examId));
  authorize(actor, "grading.follow", { assigned });
  const exam = await db.exam.findUnique({ where: { id: examId }, select: { id: true } });
  if (!exam) throw new AppError("NOT_FOUND", "Exam not found");
}
