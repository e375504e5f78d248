// Applies prisma/migrations/<name>/migration.sql with plain pg, recording them in Prisma's own
// _prisma_migrations table so `prisma migrate deploy/status` accept the history.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { APP_ROOT } from "../config/runtime-files.ts";

export const MIGRATIONS_DIR = path.join(APP_ROOT, "prisma", "migrations");
const PRISMA_ADVISORY_LOCK = 72707369; // the key Prisma's schema engine uses

const sha256 = (s: string) => crypto.createHash("sha256").update(s, "utf8").digest("hex");

export function listMigrations(dir = MIGRATIONS_DIR): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

export async function applyMigrations(databaseUrl: string, log: (msg: string) => void = () => {}, dir = MIGRATIONS_DIR): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      `SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at);
    if (failed.length) throw new Error(`failed migrations block deploys (P3009): ${failed.map((r) => r.migration_name).join(", ")}`);
    const done = new Set(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name));
    for (const name of listMigrations(dir)) {
      if (done.has(name)) continue;
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const startedAt = new Date();
      await client.query("BEGIN");
      try {
        await client.query(sql); // one simple-query message: the whole file, atomically
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
          [crypto.randomUUID(), sha256(sql), name, startedAt],
        );
        await client.query("COMMIT");
        applied.push(name);
        log(`applied migration ${name}`);
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed and was rolled back: ${(e as Error).message}`);
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch(() => {});
    await client.end();
  }
  return applied;
}

/** Names of migrations on disk not yet applied (empty = up to date). */
export async function pendingMigrations(query: (sql: string) => Promise<{ rows: Array<{ migration_name: string }> }>): Promise<string[]> {
  const { rows } = await query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
  const done = new Set(rows.map((r) => r.migration_name));
  return listMigrations().filter((m) => !done.has(m));
}
