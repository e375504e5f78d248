// Who may read a copy's history: asked of the policy module; an inaccessible copy answers
// exactly like a missing one (a student, a grader the copy was not dispatched to).
import type { Db } from "../db/client.ts";
import { notFound } from "../errors/app-error.ts";
import { isBlindTo } from "../moderation/blind-facts.ts";
import type { Actor } from "../policy/actor.ts";
import { authorizeOrHideAs } from "../policy/policy.ts";

export interface HistoryCopy {
  readonly id: string;
  readonly examId: string;
  readonly variant: string | null;
  readonly createdAt: Date;
}

export async function loadHistoryCopy(db: Db, actor: Actor, copyId: string): Promise<HistoryCopy> {
  const copy = await db.copy.findUnique({
    where: { id: copyId },
    select: {
      id: true,
      examId: true,
      variant: true,
      state: true,
      createdAt: true,
      assignments: { where: { graderId: actor.id }, select: { questionIds: true } },
      secondMarking: { select: { markerId: true, status: true } },
    },
  });
  if (!copy) throw notFound("Copy");
  authorizeOrHideAs("Copy", actor, "copy.history", { state: copy.state, assignment: copy.assignments[0] ?? null, blind: isBlindTo(actor, copy.secondMarking) });
  return { id: copy.id, examId: copy.examId, variant: copy.variant, createdAt: copy.createdAt };
}
