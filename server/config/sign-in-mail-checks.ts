// Fail-closed checks of the single sign-on and mail settings for NODE_ENV=production; shared by the
// server and validate-prod-env.
import { isPlaceholder } from "./production-checks.ts";
import type { SignInMailEnv } from "./sign-in-mail-config.ts";

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1)$/;

type Checked = Partial<Pick<SignInMailEnv, "OIDC_ISSUER_URL" | "OIDC_CLIENT_SECRET" | "SMTP_HOST" | "SMTP_PASSWORD" | "SMTP_SECURITY">>;

export function signInMailProductionProblems(e: Checked): string[] {
  const problems: string[] = [];
  if (e.OIDC_CLIENT_SECRET && isPlaceholder(e.OIDC_CLIENT_SECRET))
    problems.push("OIDC_CLIENT_SECRET looks like a placeholder: paste the secret the school's identity provider issued for Korrigo");
  if (e.OIDC_ISSUER_URL && !e.OIDC_ISSUER_URL.startsWith("https://")) problems.push("OIDC_ISSUER_URL must be https:// in production");
  if (e.SMTP_PASSWORD && isPlaceholder(e.SMTP_PASSWORD)) problems.push("SMTP_PASSWORD looks like a placeholder: use the mail relay account's real password");
  // a relay on this machine may speak plain SMTP; across a network the password and the links would travel in clear
  if (e.SMTP_HOST && e.SMTP_SECURITY === "none" && !LOOPBACK.test(e.SMTP_HOST))
    problems.push("SMTP_SECURITY=none sends mail in clear to a remote relay: use starttls or tls");
  return problems;
}
