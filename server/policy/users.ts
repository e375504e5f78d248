// Who may manage accounts.
import { isRole, type Actor } from "./actor.ts";

export const userRules = {
  "user.list": (a: Actor | null) => isRole(a, "ADMIN"),
  "user.create": (a: Actor | null) => isRole(a, "ADMIN"),
  "user.resetPassword": (a: Actor | null, target: { id: string }) => isRole(a, "ADMIN") && a.id !== target.id,
  "user.deactivate": (a: Actor | null, target: { id: string }) => isRole(a, "ADMIN") && a.id !== target.id,
  "user.activate": (a: Actor | null) => isRole(a, "ADMIN"),
  /** remove an account's password (single sign-on only); not one's own, which could lock the last admin out */
  "user.setSsoOnly": (a: Actor | null, target: { id: string }) => isRole(a, "ADMIN") && a.id !== target.id,
  "self.changePassword": (a: Actor | null) => !!a && a.active,
} as const;
