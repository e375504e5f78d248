// Moderation (#16): reconciling double-marked copies and the exam's tolerance and rule.
import { isRole, type Actor } from "./actor.ts";

export const moderationRules = {
  /** the copies to reconcile, both marks per question, agreement statistics */
  "moderation.view": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  /** pick a layer or set an agreed mark (audited) */
  "moderation.reconcile": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
  /** the exam's tolerance and rule (audited; re-runs the automatic agreement) */
  "moderation.settings": (a: Actor | null) => isRole(a, "ADMIN", "SUPERVISOR"),
} as const;
