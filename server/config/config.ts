// Configuration: read once from the environment, validated by zod, frozen, passed down.
import path from "node:path";
import { z } from "zod";
import { productionProblems } from "./production-checks.ts";
import { buildSignInMailConfig, SignInMailEnv, signInMailProblems, type SignInMailConfig } from "./sign-in-mail-config.ts";
import { signInMailProductionProblems } from "./sign-in-mail-checks.ts";

const bool = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  ROLE: z.enum(["all", "server", "worker"]).default("all"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  PUBLIC_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().optional(),
  METRICS_TOKEN: z.string().optional(),
  // ROLE=worker serves its /metrics on this port (the server role answers /metrics on PORT)
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  SESSION_ABSOLUTE_TIMEOUT_MIN: z.coerce.number().positive().default(240),
  SESSION_IDLE_TIMEOUT_MIN: z.coerce.number().positive().default(30),
  COOKIE_SECURE: bool.optional(),
  TRUST_PROXY: z.string().optional(),
  HSTS: bool.optional(),
  MAX_UPLOAD_MB: z.coerce.number().int().positive().max(4096).default(200),
  // a request body that sends nothing for this long is cut (408) and its partial upload deleted;
  // as nginx's client_body_timeout: a slow upload is fine, a stalled one is not (0: never)
  BODY_IDLE_TIMEOUT_SEC: z.coerce.number().nonnegative().max(3600).default(60),
  LOGIN_MAX_CONSECUTIVE_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCKOUT_MIN: z.coerce.number().positive().default(15),
  LOGIN_MAX_PER_IP_PER_HOUR: z.coerce.number().int().positive().default(100),
  LOGIN_IP_FREE_FAILURES: z.coerce.number().int().nonnegative().default(30),
  LOGIN_IP_MAX_DELAY_SEC: z.coerce.number().int().positive().default(60),
  LOCK_LEASE_SEC: z.coerce.number().int().positive().default(60),
  LOCK_GRACE_SEC: z.coerce.number().int().nonnegative().default(30),
  // commits of copy updates in flight per server node (each its own PostgreSQL connection)
  COMMIT_LANES: z.coerce.number().int().min(1).max(8).default(2),
  // nice value a worker process runs at (0: as the server nodes); docs/operations.md
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO: bool.optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  // prefix of rate-limit keys in the shared store: separates installations (or test runs) on one Redis
  RATE_LIMIT_NAMESPACE: z
    .string()
    .regex(/^[\w.-]{1,64}$/)
    .default("korrigo"),
  // single sign-on, mail relay, forgotten passwords, notices (all optional)
  ...SignInMailEnv.shape,
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends SignInMailConfig {
  readonly env: Env["NODE_ENV"];
  readonly isProduction: boolean;
  readonly role: Env["ROLE"];
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly mediaDir: string;
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly publicUrl: string;
  readonly allowedOrigins: readonly string[];
  readonly sessionSecret: string;
  readonly metricsToken: string | undefined;
  readonly metricsPort: number;
  readonly session: { readonly absoluteTimeoutMs: number; readonly idleTimeoutMs: number; readonly cookieSecure: boolean };
  readonly trustProxy: string | undefined;
  readonly hsts: boolean;
  readonly maxUploadBytes: number;
  readonly bodyIdleTimeoutMs: number;
  readonly login: {
    readonly maxConsecutiveFailures: number;
    readonly lockoutSec: number;
    readonly maxPerIpPerHour: number;
    readonly ipFreeFailures: number;
    readonly ipMaxDelaySec: number;
  };
  readonly locks: { readonly leaseSec: number; readonly graceSec: number };
  /** commits of copy updates in flight per node (docs/operations.md, "The commit path") */
  readonly commitLanes: number;
  /** the nice value of a ROLE=worker process (server/ops/cpu-priority.ts) */
  readonly workerNice: number;
  readonly logLevel: Env["LOG_LEVEL"];
  readonly seedDemo: boolean;
  readonly embeddedPgPort: number;
  readonly rateLimitNamespace: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

const DEV_SESSION_SECRET = "korrigo-development-only-session-secret-not-for-production";

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === "production";
  const problems = [...signInMailProblems(e), ...(isProduction ? [...productionProblems(e), ...signInMailProductionProblems(e)] : [])];
  if (problems.length > 0) throw new ConfigError(problems);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  const dataDir = path.resolve(e.DATA_DIR);
  return Object.freeze({
    env: e.NODE_ENV,
    isProduction,
    role: e.ROLE,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    mediaDir: path.join(dataDir, "media"),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    publicUrl,
    allowedOrigins: Object.freeze(originsFor(publicUrl, isProduction)),
    sessionSecret: e.SESSION_SECRET ?? DEV_SESSION_SECRET,
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    session: Object.freeze({
      absoluteTimeoutMs: Math.round(e.SESSION_ABSOLUTE_TIMEOUT_MIN * 60_000),
      idleTimeoutMs: Math.round(e.SESSION_IDLE_TIMEOUT_MIN * 60_000),
      cookieSecure: e.COOKIE_SECURE ?? publicUrl.startsWith("https://"),
    }),
    trustProxy: e.TRUST_PROXY,
    hsts: e.HSTS ?? publicUrl.startsWith("https://"),
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    bodyIdleTimeoutMs: e.BODY_IDLE_TIMEOUT_SEC * 1000,
    login: Object.freeze({
      maxConsecutiveFailures: e.LOGIN_MAX_CONSECUTIVE_FAILURES,
      lockoutSec: Math.max(1, Math.round(e.LOGIN_LOCKOUT_MIN * 60)),
      maxPerIpPerHour: e.LOGIN_MAX_PER_IP_PER_HOUR,
      ipFreeFailures: e.LOGIN_IP_FREE_FAILURES,
      ipMaxDelaySec: e.LOGIN_IP_MAX_DELAY_SEC,
    }),
    locks: Object.freeze({ leaseSec: e.LOCK_LEASE_SEC, graceSec: e.LOCK_GRACE_SEC }),
    commitLanes: e.COMMIT_LANES,
    workerNice: e.WORKER_NICE,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO ?? !isProduction,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    rateLimitNamespace: e.RATE_LIMIT_NAMESPACE,
    ...buildSignInMailConfig(e, publicUrl, isProduction),
  });
}

// In development the app is reached as localhost or 127.0.0.1 interchangeably.
function originsFor(publicUrl: string, isProduction: boolean): string[] {
  const origin = new URL(publicUrl).origin;
  if (isProduction) return [origin];
  const u = new URL(publicUrl);
  const alt = u.hostname === "localhost" ? "127.0.0.1" : u.hostname === "127.0.0.1" ? "localhost" : null;
  return alt ? [origin, `${u.protocol}//${alt}${u.port ? `:${u.port}` : ""}`] : [origin];
}
