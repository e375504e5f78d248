// A benchmark's own database: a fresh one on DATABASE_URL's server when given, else an embedded
// PostgreSQL in a temporary folder (the path `npm start` uses). `stop()` drops or removes it.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../../server/db/embedded.ts";

export async function benchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const admin = process.env.DATABASE_URL;
    const name = `korrigo_bench_${crypto.randomBytes(4).toString("hex")}`;
    const run = async (sql: string) => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(sql).finally(() => c.end());
    };
    await run(`CREATE DATABASE ${name}`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    return { url: u.toString(), stop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-bench-"));
  const embedded = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), database: "korrigo" });
  return {
    url: embedded.url,
    async stop() {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
