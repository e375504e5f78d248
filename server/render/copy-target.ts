// The facts the render rules need about one copy, and the one way this feature asks the policy:
// students are refused outright (403), a copy a staff member may not see does not exist (404).
import type { CopyState, Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize, can } from "../policy/policy.ts";
import type { CopyFinalizeTarget } from "../policy/render.ts";

export interface CopyTarget extends CopyFinalizeTarget {
  readonly id: string;
  readonly examId: string;
  readonly state: CopyState;
  readonly docHash: string | null;
  readonly lockHolder: { id: string; displayName: string } | null;
}

/** Loads the copy for `actor`: UNAUTHENTICATED, FORBIDDEN (not staff) or NOT_FOUND (absent or not visible). */
export async function loadVisibleCopy(db: Pick<Db, "copy">, actor: Actor | null, copyId: string): Promise<CopyTarget> {
  authorize(actor, "render.staffArea");
  const copy = await db.copy.findUnique({
    where: { id: copyId },
    select: {
      id: true,
      examId: true,
      state: true,
      docHash: true,
      assignments: { select: { graderId: true } },
      lock: { select: { expiresAt: true, holder: { select: { id: true, displayName: true } } } },
    },
  });
  const lockHolder = copy?.lock && copy.lock.expiresAt > new Date() ? copy.lock.holder : null;
  const target: CopyTarget | null = copy && {
    id: copy.id,
    examId: copy.examId,
    state: copy.state,
    docHash: copy.docHash,
    assignedGraderIds: copy.assignments.map((a) => a.graderId),
    lockHolderId: lockHolder?.id ?? null,
    lockHolder,
  };
  if (!target || !can(actor, "copy.viewRenderStatus", target)) throw new AppError("NOT_FOUND", "Copy not found");
  return target;
}
