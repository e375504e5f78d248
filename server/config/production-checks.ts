// Fail-closed checks for NODE_ENV=production; shared by the server and validate-prod-env.
import type { Env } from "./config.ts";

const PLACEHOLDERS = [
  /change[-_ ]?me/i,
  /changeit/i,
  /^secret$/i,
  /password/i,
  /example/i,
  /placeholder/i,
  /^x+$/i,
  /dev(elopment)?[-_ ]?only/i,
  /todo/i,
  /^test/i,
  /your[-_ ]/i,
  /<.*>/,
];

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDERS.some((re) => re.test(value)) || new Set(value).size < 8;
}

function checkSecret(name: string, value: string | undefined, minLength: number): string[] {
  if (!value) return [`${name} is required in production`];
  const problems: string[] = [];
  if (value.length < minLength) problems.push(`${name} must be at least ${minLength} characters (got ${value.length})`);
  if (isPlaceholder(value)) problems.push(`${name} looks like a placeholder or a weak value: generate one with \`openssl rand -base64 48\``);
  return problems;
}

export function productionProblems(e: Pick<Env, "SESSION_SECRET" | "METRICS_TOKEN" | "DATABASE_URL" | "PUBLIC_URL" | "REDIS_URL">): string[] {
  const problems = [...checkSecret("SESSION_SECRET", e.SESSION_SECRET, 32), ...checkSecret("METRICS_TOKEN", e.METRICS_TOKEN, 24)];
  if (!e.DATABASE_URL) problems.push("DATABASE_URL is required in production (the embedded PostgreSQL is for evaluation only)");
  else {
    const pw = safeUrl(e.DATABASE_URL)?.password;
    if (pw !== undefined && pw !== "" && isPlaceholder(decodeURIComponent(pw))) problems.push("DATABASE_URL carries a placeholder password");
  }
  if (!e.PUBLIC_URL) problems.push("PUBLIC_URL is required in production (used for the Origin check and cookies)");
  else if (!e.PUBLIC_URL.startsWith("https://")) problems.push("PUBLIC_URL must be https:// in production");
  if (e.REDIS_URL && !safeUrl(e.REDIS_URL)) problems.push("REDIS_URL is not a valid URL");
  return problems;
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}
