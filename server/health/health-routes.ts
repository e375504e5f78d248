// Liveness (the process answers) and readiness (database, migrations, Redis where configured):
// the contract's routes (collab/contract/api/health.ts).
import { Router } from "express";
import type { Redis } from "ioredis";
import type pg from "pg";
import { healthApi as api, type Readiness } from "../../collab/contract/api/health.ts";
import { pendingMigrations } from "../db/migrate.ts";
import { handle, handleRaw } from "../http/contract-route.ts";

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref())]);

export function healthRoutes(deps: { pool: pg.Pool; redis?: Redis | undefined }): Router {
  const r = Router();
  handle(r, api.live, () => ({ status: "ok" as const }));
  // raw: the same body answers 200 or 503
  handleRaw(r, api.ready, async (_input, _req, res) => {
    const checks: Record<string, string> = {};
    const problems: string[] = [];
    try {
      await withTimeout(deps.pool.query("SELECT 1"), 2000, "database");
      checks.database = "ok";
      const pending = await withTimeout(
        pendingMigrations((sql) => deps.pool.query(sql)),
        2000,
        "database",
      );
      checks.migrations = pending.length ? `pending: ${pending.join(", ")}` : "ok";
      if (pending.length) problems.push(`migrations not applied: ${pending.join(", ")}`);
    } catch (e) {
      checks.database = "unreachable";
      problems.push(`database: ${(e as Error).message}`);
    }
    if (deps.redis) {
      try {
        await withTimeout(deps.redis.ping(), 2000, "redis");
        checks.redis = "ok";
      } catch (e) {
        checks.redis = "unreachable";
        problems.push(`redis: ${(e as Error).message}`);
      }
    }
    const body: Readiness = { status: problems.length ? "unavailable" : "ok", checks, ...(problems.length ? { reason: problems.join("; ") } : {}) };
    res.status(problems.length ? 503 : 200).json(body);
  });
  return r;
}
