// Audit trail and operations.
import { isRole, type Actor } from "./actor.ts";

export const opsRules = {
  "audit.read": (a: Actor | null) => isRole(a, "ADMIN"),
} as const;
