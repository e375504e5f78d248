// DATABASE_URL when set, else an embedded PostgreSQL under DATA_DIR (the one `npm start` uses).
import path from "node:path";
import { startEmbeddedPostgres } from "../../server/db/embedded.ts";

export async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) return fn(process.env.DATABASE_URL);
  const dataDir = path.resolve(process.env.DATA_DIR ?? "./data");
  const pg = await startEmbeddedPostgres({ dir: path.join(dataDir, "pg") });
  try {
    return await fn(pg.url);
  } finally {
    await pg.stop();
  }
}
