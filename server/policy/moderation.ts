// Moderation (#16): who asks for a blind second marking, who marks it, who sees which layer, and
// who reconciles double-marked copies and sets the exam's tolerance and rule.
import { isRole, type Actor } from "./actor.ts";

/** A copy's second marking as the rules see it (null fields: none asked). */
export interface LayerResource {
  readonly markerId: string | null;
  readonly status: "WAITING" | "GRADING" | "DONE" | "CANCELLED" | null;
}

const oversees = (a: Actor | null): boolean => isRole(a, "ADMIN", "SUPERVISOR");
const marker = (a: Actor | null, r: LayerResource): a is Actor => isRole(a, "GRADER") && r.markerId === a.id;

export const moderationRules = {
  /** ask for, list and withdraw second markings of an exam's copies */
  "moderation.manage": (a: Actor | null) => oversees(a),
  /** a copy's layers side by side and the agreed marks */
  "moderation.viewLayers": (a: Actor | null) => oversees(a),
  /** the second layer's document: its marker (while marking and once done, read-only then), supervisors read-only */
  "layer.view": (a: Actor | null, r: LayerResource) => oversees(a) || (marker(a, r) && (r.status === "GRADING" || r.status === "DONE")),
  /** write and finalize the second layer: its marker only, while marking */
  "layer.write": (a: Actor | null, r: LayerResource) => marker(a, r) && r.status === "GRADING",
  /** one's own queue of second markings (a grader's home) */
  "moderation.ownQueue": (a: Actor | null) => isRole(a, "GRADER", "SUPERVISOR", "ADMIN"),
  /** the copies to reconcile, both marks per question, agreement statistics */
  "moderation.view": (a: Actor | null) => oversees(a),
  /** pick a layer or set an agreed mark (audited) */
  "moderation.reconcile": (a: Actor | null) => oversees(a),
  /** the exam's tolerance and rule (audited; re-runs the automatic agreement) */
  "moderation.settings": (a: Actor | null) => oversees(a),
} as const;
