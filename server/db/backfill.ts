// Data that migrations cannot compute in SQL (it needs the copy documents decoded), brought up to
// date at start-up, before the process serves: idempotent, and several nodes may run it at once.
import pg from "pg";
import type { Logger } from "pino";
import { backfillDecisions } from "../grading/decision-backfill.ts";

export async function backfillProjections(databaseUrl: string, log: Logger): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await backfillDecisions(pool, log);
  } finally {
    await pool.end();
  }
}
