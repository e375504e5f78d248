// DATABASE_URL when set, else the embedded PostgreSQL under DATA_DIR (the one `npm start` uses):
// reused when it is already running (with reuseRunning), else started for the command.
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "../../server/db/embedded.ts";

function runningEmbeddedUrl(pgDir: string): string | null {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const [pid, , , port] = fs.readFileSync(pidFile, "utf8").split("\n");
  try {
    process.kill(Number(pid), 0);
  } catch {
    return null;
  }
  return `postgresql://korrigo:korrigo@127.0.0.1:${port}/korrigo`;
}

export async function withDatabase<T>(fn: (url: string) => Promise<T>, opts: { reuseRunning?: boolean } = {}): Promise<T> {
  if (process.env.DATABASE_URL) return fn(process.env.DATABASE_URL);
  const pgDir = path.join(path.resolve(process.env.DATA_DIR ?? "./data"), "pg");
  const running = opts.reuseRunning ? runningEmbeddedUrl(pgDir) : null;
  if (running) return fn(running);
  const pg = await startEmbeddedPostgres({ dir: pgDir });
  try {
    return await fn(pg.url);
  } finally {
    await pg.stop();
  }
}
