// rate-limiter-flexible over Redis (scaled mode) or PostgreSQL (embedded mode): either way the
// counters are shared by every process, so limits hold across nodes.
import type { Redis } from "ioredis";
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  durationSec: number;
  blockDurationSec?: number;
}

export type LimiterFactory = (opts: LimiterOptions) => RateLimiterAbstract;

export function limiterFactory(store: { redis: Redis } | { pool: pg.Pool }, namespace = "korrigo"): LimiterFactory {
  return (opts) => {
    const common = {
      keyPrefix: `${namespace}:${opts.keyPrefix}`,
      points: opts.points,
      duration: opts.durationSec,
      blockDuration: opts.blockDurationSec ?? 0,
    };
    if ("redis" in store) return new RateLimiterRedis({ ...common, storeClient: store.redis, rejectIfRedisNotReady: true });
    return new RateLimiterPostgres({
      ...common,
      storeClient: store.pool,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      clearExpiredByTimeout: false,
    });
  };
}

/** rate-limiter-flexible rejects with a RateLimiterRes when points run out, an Error when the store fails. */
export function isRateLimited(e: unknown): e is { msBeforeNext: number } {
  return !!e && typeof e === "object" && !(e instanceof Error) && "msBeforeNext" in e;
}
