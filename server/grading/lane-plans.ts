// A commit lane's connection plans its statements once. The lane's two statements (commit-
// statements.ts) take arrays (the batch's copies, writers, updates); PostgreSQL cannot know their
// sizes in a generic plan, estimates it costlier than a custom one, and so by default planned the
// lock statement afresh for every batch: ~0.9 ms of planning against ~0.7 ms of execution, and
// ~0.2 ms more for the insert. plan_cache_mode = force_generic_plan plans each once per connection
// (again after an ANALYZE of its tables); the generic plans use the same indexes. Set with SET, not
// the `options` startup parameter, which a pooler in front of PostgreSQL may refuse.
// Measured in docs/operations.md, « The commit path ».
import type pg from "pg";
import type { Logger } from "pino";

export function planOnce(pool: pg.Pool, log: Logger): pg.Pool {
  pool.on("connect", (client) => {
    // queued before any statement the lane sends on this connection
    client.query("SET plan_cache_mode = force_generic_plan").catch((err: unknown) => log.warn({ err }, "commit lane: plans stay per batch"));
  });
  return pool;
}
