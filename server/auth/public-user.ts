import type { Role } from "../db/client.ts";

/** What the API says about a user: never the hash. */
export interface PublicUser {
  id: string;
  username: string;
  email: string | null;
  displayName: string;
  role: Role;
  mustChangePassword: boolean;
  active: boolean;
  locale: string;
  /** signs in through the school's identity provider only (no password) */
  ssoOnly: boolean;
}

export const PUBLIC_USER_SELECT = {
  id: true,
  username: true,
  email: true,
  displayName: true,
  role: true,
  mustChangePassword: true,
  active: true,
  locale: true,
  ssoOnly: true,
} as const;

export function toPublicUser(u: PublicUser): PublicUser {
  const { id, username, email, displayName, role, mustChangePassword, active, locale, ssoOnly } = u;
  return { id, username, email, displayName, role, mustChangePassword, active, locale, ssoOnly };
}
