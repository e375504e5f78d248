// What a backup holds and how to check it: file checksums and row counts per table.
import crypto from "node:crypto";
import fs from "node:fs";
import pg from "pg";

export interface BackupManifest {
  format: "korrigo-backup-1";
  createdAt: string;
  migrations: string[];
  counts: Record<string, number>;
  files: Record<string, { sha256: string; bytes: number }>;
  media: { files: number; bytes: number };
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Row count of every table of the public schema (the application's data). */
export async function tableCounts(url: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    const counts: Record<string, number> = {};
    for (const { t } of rows) counts[t] = Number((await c.query(`SELECT count(*) AS n FROM "${t.replaceAll('"', '""')}"`)).rows[0].n);
    return counts;
  } finally {
    await c.end();
  }
}

export async function appliedMigrations(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ m: string }>(
      `SELECT migration_name AS m FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1`,
    );
    return rows.map((r) => r.m);
  } finally {
    await c.end();
  }
}

export function mediaStats(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  if (!fs.existsSync(dir)) return { files, bytes };
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || e.name.endsWith(".tmp") || e.name.endsWith(".part")) continue;
    files++;
    bytes += fs.statSync(`${e.parentPath}/${e.name}`).size;
  }
  return { files, bytes };
}
