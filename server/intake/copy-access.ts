// Who may see a copy's scan: office and supervisors any copy, a grader only a dispatched one
// (others get 404, so a copy's existence does not leak), students never (403).
import type { Db } from "../db/client.ts";
import { notFound } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize, authorizeOrHideAs } from "../policy/policy.ts";
import { isSecondMarker } from "../moderation/blind-facts.ts";

export async function loadViewableCopy(db: Db, actor: Actor, copyId: string) {
  authorize(actor, "scan.view");
  const copy = await db.copy.findUnique({
    where: { id: copyId },
    include: {
      pages: { orderBy: [{ position: "asc" }, { id: "asc" }] },
      assignments: { where: { graderId: actor.id }, select: { questionIds: true } },
      secondMarking: { select: { markerId: true, status: true } },
      exam: { select: { title: true, identityZones: true, supervisorsSeeNames: true } },
    },
  });
  if (!copy) throw notFound("Copy");
  authorizeOrHideAs("Copy", actor, "copy.readScan", { assigned: copy.assignments.length > 0, secondMarker: isSecondMarker(actor, copy.secondMarking) });
  const { secondMarking: _s, ...plain } = copy;
  return plain;
}
