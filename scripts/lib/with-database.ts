// DATABASE_URL when set, else the embedded PostgreSQL under DATA_DIR (the one `npm start` uses):
// when it is already running (a Korrigo is up), the command connects to it — starting a second
// postmaster on the same data directory cannot work — else it is started for the command.
import path from "node:path";
import { runningPostmaster, startEmbeddedPostgres } from "../../server/db/embedded.ts";

export async function withDatabase<T>(fn: (url: string) => Promise<T>, opts: { reuseRunning?: boolean } = {}): Promise<T> {
  if (process.env.DATABASE_URL) return fn(process.env.DATABASE_URL);
  const pgDir = path.join(path.resolve(process.env.DATA_DIR ?? "./data"), "pg");
  const running = (opts.reuseRunning ?? true) ? runningPostmaster(pgDir) : null;
  if (running) return fn(`postgresql://korrigo:korrigo@127.0.0.1:${running.port}/korrigo`);
  const pg = await startEmbeddedPostgres({ dir: pgDir });
  try {
    return await fn(pg.url);
  } finally {
    await pg.stop();
  }
}
