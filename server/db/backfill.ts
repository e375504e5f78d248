// Data that migrations cannot compute in SQL (it needs the copy documents decoded), brought up to
// date at start-up, before the process serves: idempotent, and several nodes may run it at once.
import pg from "pg";
import type { Logger } from "pino";
import { backfillDecisions } from "../grading/decision-backfill.ts";
import { backfillReleasedVersions } from "../release/released-version-backfill.ts";
import { createDb } from "./client.ts";
import { logConnectionErrors } from "./pg-connection-errors.ts";

export async function backfillProjections(databaseUrl: string, log: Logger): Promise<void> {
  const pool = logConnectionErrors(new pg.Pool({ connectionString: databaseUrl, max: 1 }), log, "backfill");
  try {
    await backfillDecisions(pool, log);
  } finally {
    await pool.end();
  }
  // after the decisions: a released copy's marks are computed from them
  const db = createDb(databaseUrl, { max: 1 });
  try {
    await backfillReleasedVersions(db, log);
  } finally {
    await db.$disconnect();
  }
}
