// npm run validate-prod-env -- <env file>: checks a production environment file and lists every
// problem (exit 1), or says it is fine (exit 0). The server applies the same secret checks.
import fs from "node:fs";
import { isPlaceholder, productionProblems } from "../server/config/production-checks.ts";
import { signInMailProductionProblems } from "../server/config/sign-in-mail-checks.ts";
import { SignInMailEnv, signInMailProblems } from "../server/config/sign-in-mail-config.ts";
import { parseEnvFile } from "./lib/env-file.ts";

const file = process.argv[2];
if (!file) {
  console.error("usage: npm run validate-prod-env -- <env file>");
  process.exit(2);
}
if (!fs.existsSync(file)) {
  console.error(`${file}: no such file`);
  process.exit(2);
}
const env = parseEnvFile(fs.readFileSync(file, "utf8"));
const problems: string[] = [];
const get = (k: string) => env[k]?.trim() || undefined;

if (get("NODE_ENV") !== "production") problems.push("NODE_ENV must be production");
problems.push(
  ...productionProblems({
    SESSION_SECRET: get("SESSION_SECRET"),
    METRICS_TOKEN: get("METRICS_TOKEN"),
    DATABASE_URL: get("DATABASE_URL"),
    PUBLIC_URL: get("PUBLIC_URL"),
    REDIS_URL: get("REDIS_URL"),
  }),
);
for (const key of ["DATABASE_URL", "REDIS_URL", "PUBLIC_URL"]) {
  const v = get(key);
  if (v && !URL.canParse(v)) problems.push(`${key} is not a valid URL: ${v}`);
}
if (get("DATABASE_URL") && URL.canParse(get("DATABASE_URL")!) && !new URL(get("DATABASE_URL")!).protocol.startsWith("postgres"))
  problems.push("DATABASE_URL must be a postgresql:// URL");
if (!get("REDIS_URL")) problems.push("REDIS_URL is required for several server nodes (Socket.IO adapter, shared rate limits)");
const pgPassword = get("POSTGRES_PASSWORD");
if (pgPassword !== undefined && (pgPassword.length < 16 || isPlaceholder(pgPassword))) problems.push("POSTGRES_PASSWORD is short or a placeholder");
if (get("COOKIE_SECURE") && !["true", "1", "yes"].includes(get("COOKIE_SECURE")!))
  problems.push("COOKIE_SECURE must not be disabled in production (session cookies would travel in clear)");
if (get("HSTS") && !["true", "1", "yes"].includes(get("HSTS")!)) problems.push("HSTS must not be disabled in production");
if (!get("TRUST_PROXY")) problems.push("TRUST_PROXY is not set: behind nginx every client would share the proxy's IP (rate limits, audit)");
if (get("SEED_DEMO") && ["true", "1", "yes"].includes(get("SEED_DEMO")!))
  problems.push("SEED_DEMO must be false in production (demo accounts have published passwords)");
// single sign-on and the mail relay (optional): well-formed, complete, and no placeholder secret
const signInMail = Object.fromEntries(Object.keys(SignInMailEnv.shape).flatMap((k) => (get(k) === undefined ? [] : [[k, get(k)]])));
const parsedSignInMail = SignInMailEnv.safeParse(signInMail);
if (!parsedSignInMail.success) problems.push(...parsedSignInMail.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
else problems.push(...signInMailProblems(parsedSignInMail.data));
problems.push(...signInMailProductionProblems({ ...signInMail, SMTP_SECURITY: parsedSignInMail.success ? parsedSignInMail.data.SMTP_SECURITY : undefined }));
if (get("LOG_LEVEL") && ["debug", "trace"].includes(get("LOG_LEVEL")!)) problems.push("LOG_LEVEL debug/trace logs too much in production");

if (problems.length) {
  console.error(`${file}: ${problems.length} problem(s):\n  - ${problems.join("\n  - ")}`);
  process.exit(1);
}
console.log(`${file}: ok`);
