// Signing in and out: password, the installation's sign-in options, forgotten password, single sign-on.
import { z } from "zod";
import { Ok, SessionPayload } from "../common.ts";
import { route } from "./route.ts";

export const LoginInput = z.strictObject({
  username: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
});

export const ChangePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

export const ResetRequestInput = z.strictObject({ email: z.email().trim().toLowerCase().max(254) });
export const ResetCheckInput = z.strictObject({ token: z.string().max(200) });
export const ResetCompleteInput = z.strictObject({
  token: z.string().max(200),
  newPassword: z.string().min(1).max(1024),
});

export const SignInOptions = z.object({
  /** null: no single sign-on configured */
  sso: z.object({ name: z.string().nullable() }).nullable(),
  /** forgotten password by e-mail (needs a mail relay) */
  passwordReset: z.boolean(),
});
export type SignInOptions = z.infer<typeof SignInOptions>;

/** where to go once signed in (a same-origin path; anything else is ignored) */
export const OidcStartQuery = z.object({ next: z.string().optional().catch(undefined) });

export const authApi = {
  login: route({
    method: "POST",
    path: "/api/auth/login",
    summary: "Sign in with a username (or e-mail) and password; the answer carries the CSRF token for later writes",
    access: "public",
    body: LoginInput,
    response: SessionPayload,
    errors: ["INVALID_CREDENTIALS", "TOO_MANY_ATTEMPTS", "SSO_ONLY", "ACCOUNT_DISABLED"],
  }),
  logout: route({
    method: "POST",
    path: "/api/auth/logout",
    summary: "Sign out: the session and its sockets end on every node",
    access: "public",
    status: 204,
    response: { empty: true },
    errors: [],
  }),
  me: route({
    method: "GET",
    path: "/api/me",
    summary: "The signed-in user and a CSRF token",
    access: "signed-in",
    response: SessionPayload,
    errors: [],
  }),
  changePassword: route({
    method: "POST",
    path: "/api/auth/password",
    summary: "Change one's own password; other sessions end",
    access: "signed-in",
    body: ChangePasswordInput,
    response: SessionPayload,
    errors: ["INVALID_CREDENTIALS", "WEAK_PASSWORD", "SSO_ONLY", "TOO_MANY_ATTEMPTS"],
  }),
  signInOptions: route({
    method: "GET",
    path: "/api/auth/options",
    summary: "Which ways to sign in this installation offers",
    access: "public",
    response: SignInOptions,
    errors: [],
  }),
  requestPasswordReset: route({
    method: "POST",
    path: "/api/auth/password-reset/request",
    summary: "E-mail a link to choose a new password; always the same answer, whether the address is known or not",
    access: "public",
    body: ResetRequestInput,
    status: 202,
    response: Ok.extend({ message: z.string() }),
    errors: ["NOT_FOUND", "RATE_LIMITED"],
  }),
  checkPasswordReset: route({
    method: "POST",
    path: "/api/auth/password-reset/check",
    summary: "Whether a password-reset link is still valid",
    access: "public",
    body: ResetCheckInput,
    response: Ok,
    errors: ["NOT_FOUND", "LINK_INVALID", "RATE_LIMITED"],
  }),
  completePasswordReset: route({
    method: "POST",
    path: "/api/auth/password-reset",
    summary: "Choose a new password with a reset link; every session of the account ends",
    access: "public",
    body: ResetCompleteInput,
    response: Ok,
    errors: ["NOT_FOUND", "LINK_INVALID", "WEAK_PASSWORD", "RATE_LIMITED"],
  }),
  oidcStart: route({
    method: "GET",
    path: "/api/auth/oidc/start",
    summary: "Browser navigation: off to the school's identity provider (303); failures come back to /login?sso_error=CODE",
    access: "public",
    query: OidcStartQuery,
    response: { redirect: true },
    errors: [],
  }),
  oidcCallback: route({
    method: "GET",
    path: "/api/auth/oidc/callback",
    summary: "Browser navigation: the provider's answer; signed in, then 303 to where the user was going",
    access: "public",
    response: { redirect: true },
    errors: [],
  }),
};
