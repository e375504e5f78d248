// Shapes used across the contract: roles, ids, dates as they travel, the public user.
import { z } from "zod";

export const ROLES = ["ADMIN", "SUPERVISOR", "GRADER", "STUDENT"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** staff: everyone but students */
export const STAFF = ["ADMIN", "SUPERVISOR", "GRADER"] as const satisfies readonly Role[];
export const MANAGERS = ["ADMIN", "SUPERVISOR"] as const satisfies readonly Role[];

export const Id = z.uuid();
/** a date as JSON carries it (Date.toJSON): ISO 8601 in UTC */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** `{ id }` of the path */
export const IdParam = z.strictObject({ id: Id });

export const Locale = z.enum(["fr", "en"]);

/** What the API says about a user: never the hash. */
export const User = z.object({
  id: Id,
  username: z.string(),
  email: z.string().nullable(),
  displayName: z.string(),
  role: Role,
  mustChangePassword: z.boolean(),
  active: z.boolean(),
  locale: z.string(),
  /** signs in through the school's identity provider only (no password) */
  ssoOnly: z.boolean(),
});
export type User = z.infer<typeof User>;

export const SessionPayload = z.object({ user: User, csrfToken: z.string() });
export type SessionPayload = z.infer<typeof SessionPayload>;

export const Ok = z.object({ ok: z.literal(true) });
