// The process-wide dependencies, built once from the config and passed down.
import crypto from "node:crypto";
import os from "node:os";
import { Redis } from "ioredis";
import pg from "pg";
import { logConnectionErrors } from "./db/pg-connection-errors.ts";
import type { Logger } from "pino";
import { AuthService } from "./auth/auth-service.ts";
import { LoginThrottle } from "./auth/login-throttle.ts";
import { RevokedSessions } from "./auth/session-revocations.ts";
import type { Config } from "./config/config.ts";
import { createDb, type Db } from "./db/client.ts";
import { createMailer, type Mailer } from "./notices/mailer.ts";
import { limiterFactory, type LimiterFactory } from "./security/rate-limiter-store.ts";
import { TokenSigner } from "./security/signed-token.ts";
import { UserService } from "./users/user-service.ts";

export interface AppContext {
  readonly config: Config;
  /** random per process: marks the copy locks this node holds and renews */
  readonly nodeId: string;
  readonly databaseUrl: string;
  readonly db: Db;
  readonly pool: pg.Pool;
  readonly redis: Redis | undefined;
  readonly log: Logger;
  readonly limiters: LimiterFactory;
  readonly auth: AuthService;
  readonly users: UserService;
  /** the mail relay; null when SMTP_HOST is unset (notices are then shown in the app only) */
  readonly mailer: Mailer | null;
  /** HMAC links (password reset, unsubscribe) under keys derived from SESSION_SECRET */
  readonly tokens: TokenSigner;
  /** sessions revoked on any node, as heard on korrigo_events (server/auth/session-revocations.ts) */
  readonly revokedSessions: RevokedSessions;
  close(): Promise<void>;
}

export async function createContext(config: Config, databaseUrl: string, log: Logger): Promise<AppContext> {
  const db = createDb(databaseUrl);
  const pool = logConnectionErrors(new pg.Pool({ connectionString: databaseUrl, max: 10 }), log, "pool");
  let redis: Redis | undefined;
  if (config.redisUrl) {
    // auto-pipelining: the commands issued in one tick (a batch of socket events each asking the
    // rate limiter, the adapter's publishes) leave in one write instead of one round trip each
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false, enableAutoPipelining: true });
    redis.on("error", (e) => log.warn({ err: e.message }, "redis error"));
  }
  const limiters = limiterFactory(redis ? { redis } : { pool }, config.rateLimitNamespace);
  const throttle = new LoginThrottle(limiters, config.login);
  const mailer = config.smtp ? createMailer(config.smtp) : null;
  return {
    config,
    nodeId: `${os.hostname().slice(0, 40)}-${process.pid}-${crypto.randomBytes(4).toString("hex")}`,
    databaseUrl,
    db,
    pool,
    redis,
    log,
    limiters,
    auth: new AuthService(db, throttle),
    users: new UserService(db),
    mailer,
    tokens: new TokenSigner(config.sessionSecret),
    revokedSessions: new RevokedSessions(),
    async close() {
      mailer?.close();
      await Promise.allSettled([db.$disconnect(), pool.end(), redis?.quit()]);
    },
  };
}
