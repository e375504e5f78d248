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
} as const;

export function toPublicUser(u: PublicUser): PublicUser {
  const { id, username, email, displayName, role, mustChangePassword, active, locale } = u;
  return { id, username, email, displayName, role, mustChangePassword, active, locale };
}
