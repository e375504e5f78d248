import type { Role } from "../db/client.ts";

/** Who is asking: the signed-in user, or null for an anonymous request. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  readonly active: boolean;
}

export const isStaff = (a: Actor | null): a is Actor => !!a && a.active && a.role !== "STUDENT";
export const isRole = (a: Actor | null, ...roles: Role[]): a is Actor => !!a && a.active && roles.includes(a.role);
