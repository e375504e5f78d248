// One database per test file, cloned from the migrated template (fast: a file copy in PostgreSQL).
import crypto from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "../../server/db/client.ts";
import { withDatabase } from "./db-url.ts";

export interface TestDatabase {
  url: string;
  name: string;
  db: Db;
  drop(): Promise<void>;
}

/** A new database of this run, a copy of the migrated template (or of another template of this run). */
export async function createTestDatabase(template = inject("templateDb")): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `${inject("testDbPrefix")}${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, { max: 4 });
  return {
    url,
    name,
    db,
    async drop() {
      await db.$disconnect();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
