// Shapes of the HTTP API as the client sees them (the client never imports server code).
export const ROLES = ["ADMIN", "SUPERVISOR", "GRADER", "STUDENT"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
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

export interface SessionPayload {
  user: User;
  csrfToken: string;
}

export interface ApiErrorBody {
  code: string;
  message?: string;
  details?: unknown;
}
