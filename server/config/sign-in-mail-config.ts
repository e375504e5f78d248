// Settings of the school integrations, all optional: single sign-on (OIDC_*), the mail relay
// (SMTP_*), forgotten-password links and notices. Unset, Korrigo works as before: password sign-in
// only, and notices shown in the app only.
import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");

// a claim name as it appears in an ID token or the userinfo answer
const claimName = z.string().regex(/^[\w.:-]{1,100}$/, "a claim name (letters, digits, . _ : -)");
// a mailbox as SMTP_FROM: "Name <address>" or a bare address, on one line
const fromHeader = z
  .string()
  .max(300)
  .regex(/^[^\r\n<>]*<[^\s<>@]+@[^\s<>@]+>$|^[^\s<>@]+@[^\s<>@]+$/, 'an address or "Name <address>" on one line');

export const SignInMailEnv = z.object({
  OIDC_ISSUER_URL: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().max(255).optional(),
  OIDC_CLIENT_SECRET: z.string().max(1000).optional(),
  OIDC_EMAIL_CLAIM: claimName.default("email"),
  OIDC_STUDENT_ID_CLAIM: claimName.optional(),
  OIDC_SCOPES: z
    .string()
    .regex(/^[\w.:/-]+( [\w.:/-]+)*$/, "scopes separated by single spaces")
    .default("openid email profile"),
  OIDC_TOKEN_AUTH_METHOD: z.enum(["client_secret_basic", "client_secret_post"]).default("client_secret_basic"),
  /** also refuse an e-mail claim the provider does not mark verified (default: refuse only email_verified=false) */
  OIDC_REQUIRE_VERIFIED_EMAIL: bool.default(false),
  OIDC_DISPLAY_NAME: z
    .string()
    .max(60)
    .regex(/^[^<>\r\n]*$/)
    .optional(),
  SMTP_HOST: z.string().max(255).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_SECURITY: z.enum(["starttls", "tls", "none"]).default("starttls"),
  SMTP_USER: z.string().max(255).optional(),
  SMTP_PASSWORD: z.string().max(1000).optional(),
  SMTP_FROM: fromHeader.optional(),
  PASSWORD_RESET_TTL_MIN: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(30),
  PASSWORD_RESET_PER_ADDRESS_PER_HOUR: z.coerce.number().int().positive().default(3),
  PASSWORD_RESET_PER_IP_PER_HOUR: z.coerce.number().int().positive().default(20),
  /** graphile-worker crontab time fields of the supervisors' end-of-day summary (server time zone) */
  SUPERVISOR_SUMMARY_CRON: z
    .string()
    .regex(/^\S+ \S+ \S+ \S+ \S+$/, "five crontab fields")
    .default("0 18 * * 1-5"),
});

export type SignInMailEnv = z.infer<typeof SignInMailEnv>;

export interface OidcConfig {
  readonly issuerUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly emailClaim: string;
  readonly studentIdClaim: string | null;
  readonly scopes: string;
  readonly tokenAuthMethod: "client_secret_basic" | "client_secret_post";
  readonly requireVerifiedEmail: boolean;
  readonly displayName: string | null;
  /** where the provider sends the user back: PUBLIC_URL + /api/auth/oidc/callback */
  readonly redirectUri: string;
  /** plain http to the provider (tests and development on loopback only) */
  readonly allowInsecure: boolean;
}

export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  readonly security: "starttls" | "tls" | "none";
  readonly user: string | null;
  readonly password: string | null;
  readonly from: string;
}

export interface SignInMailConfig {
  readonly oidc: OidcConfig | null;
  readonly smtp: SmtpConfig | null;
  readonly passwordReset: { readonly ttlMs: number; readonly perAddressPerHour: number; readonly perIpPerHour: number };
  readonly supervisorSummaryCron: string;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Problems that make the settings unusable in any environment (a half-configured provider or relay). */
export function signInMailProblems(e: SignInMailEnv): string[] {
  const problems: string[] = [];
  const oidc = [e.OIDC_ISSUER_URL, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean))
    problems.push("OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: set all three for single sign-on, or none");
  if (e.SMTP_HOST && !e.SMTP_FROM) problems.push("SMTP_FROM is required with SMTP_HOST (the sender of notices, e.g. Korrigo <korrigo@lycee.example>)");
  if (!e.SMTP_HOST && (e.SMTP_USER || e.SMTP_PASSWORD)) problems.push("SMTP_USER / SMTP_PASSWORD are set but SMTP_HOST is not");
  if (Boolean(e.SMTP_USER) !== Boolean(e.SMTP_PASSWORD)) problems.push("SMTP_USER and SMTP_PASSWORD go together");
  return problems;
}

export function buildSignInMailConfig(e: SignInMailEnv, publicUrl: string, isProduction: boolean): SignInMailConfig {
  const issuer = e.OIDC_ISSUER_URL ? new URL(e.OIDC_ISSUER_URL) : null;
  const oidc: OidcConfig | null =
    issuer && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
      ? Object.freeze({
          issuerUrl: e.OIDC_ISSUER_URL!,
          clientId: e.OIDC_CLIENT_ID,
          clientSecret: e.OIDC_CLIENT_SECRET,
          emailClaim: e.OIDC_EMAIL_CLAIM,
          studentIdClaim: e.OIDC_STUDENT_ID_CLAIM ?? null,
          scopes: e.OIDC_SCOPES.split(" ").includes("openid") ? e.OIDC_SCOPES : `openid ${e.OIDC_SCOPES}`,
          tokenAuthMethod: e.OIDC_TOKEN_AUTH_METHOD,
          requireVerifiedEmail: e.OIDC_REQUIRE_VERIFIED_EMAIL,
          displayName: e.OIDC_DISPLAY_NAME ?? null,
          redirectUri: `${publicUrl}/api/auth/oidc/callback`,
          allowInsecure: !isProduction && issuer.protocol === "http:" && LOOPBACK.has(issuer.hostname),
        })
      : null;
  const smtp: SmtpConfig | null =
    e.SMTP_HOST && e.SMTP_FROM
      ? Object.freeze({
          host: e.SMTP_HOST,
          port: e.SMTP_PORT ?? (e.SMTP_SECURITY === "tls" ? 465 : e.SMTP_SECURITY === "starttls" ? 587 : 25),
          security: e.SMTP_SECURITY,
          user: e.SMTP_USER ?? null,
          password: e.SMTP_PASSWORD ?? null,
          from: e.SMTP_FROM,
        })
      : null;
  return {
    oidc,
    smtp,
    passwordReset: Object.freeze({
      ttlMs: Math.round(e.PASSWORD_RESET_TTL_MIN * 60_000),
      perAddressPerHour: e.PASSWORD_RESET_PER_ADDRESS_PER_HOUR,
      perIpPerHour: e.PASSWORD_RESET_PER_IP_PER_HOUR,
    }),
    supervisorSummaryCron: e.SUPERVISOR_SUMMARY_CRON,
  };
}
