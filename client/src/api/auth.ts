import { get, post } from "./http.ts";
import type { SessionPayload } from "./types.ts";

export const fetchMe = () => get<SessionPayload>("/api/me");

export const signIn = (username: string, password: string) => post<SessionPayload>("/api/auth/login", { username, password });

export const signOut = () => post<void>("/api/auth/logout");

export const changePassword = (currentPassword: string, newPassword: string) => post<SessionPayload>("/api/auth/password", { currentPassword, newPassword });

/** Which ways in this installation offers (single sign-on, forgotten password by e-mail). */
export interface SignInOptions {
  sso: { name: string | null } | null;
  passwordReset: boolean;
}

let options: Promise<SignInOptions> | null = null;
/** Asked once per page load; a failure is asked again next time. */
export const signInOptions = (): Promise<SignInOptions> =>
  (options ??= get<SignInOptions>("/api/auth/options").catch((error: unknown) => {
    options = null;
    throw error;
  }));

/** A full navigation: the browser goes to the school's provider and comes back signed in. */
export const ssoStartUrl = (next: string | null) => `/api/auth/oidc/start${next ? `?next=${encodeURIComponent(next)}` : ""}`;

export const requestPasswordReset = (email: string) => post<{ ok: true }>("/api/auth/password-reset/request", { email });

export const checkPasswordReset = (token: string) => post<{ ok: true }>("/api/auth/password-reset/check", { token });

export const completePasswordReset = (token: string, newPassword: string) => post<{ ok: true }>("/api/auth/password-reset", { token, newPassword });
