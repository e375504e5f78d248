// Finalize, reopen, retry a failed render and the rendered PDF. A grader reaches only the copies dispatched to them and
// finalizes only while holding the copy's lock; supervisors and admins act on any copy. The final
// PDF carries the student's name on its score sheet: graders, who only ever see anonymous codes,
// see its rendering state but do not download it.
import { isRole, isStaff, type Actor } from "./actor.ts";

export interface CopyStaffTarget {
  readonly assignedGraderIds: readonly string[];
}

export interface CopyFinalizeTarget extends CopyStaffTarget {
  /** holder of the copy's unexpired lock, if any */
  readonly lockHolderId: string | null;
}

const oversees = (a: Actor | null): boolean => isRole(a, "ADMIN", "SUPERVISOR");
const assigned = (a: Actor | null, c: CopyStaffTarget): a is Actor => isRole(a, "GRADER") && c.assignedGraderIds.includes(a.id);

export const renderRules = {
  /** staff screens about copies (students have their own portal) */
  "render.staffArea": (a: Actor | null) => isStaff(a),
  "copy.viewRenderStatus": (a: Actor | null, c: CopyStaffTarget) => oversees(a) || assigned(a, c),
  "copy.finalize": (a: Actor | null, c: CopyFinalizeTarget) => oversees(a) || (assigned(a, c) && c.lockHolderId === a.id),
  "copy.reopen": (a: Actor | null) => oversees(a),
  /** render a RENDER_FAILED copy again (same frozen document) */
  "copy.retryRender": (a: Actor | null) => oversees(a),
  "copy.downloadFinalPdf": (a: Actor | null) => oversees(a),
} as const;
