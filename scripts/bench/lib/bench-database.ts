// A benchmark's own database: a fresh one on DATABASE_URL's server when given, else an embedded
// PostgreSQL in a temporary folder (the path `npm start` uses). `stop()` drops or removes it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../../server/db/embedded.ts";
import { createScratchDatabase } from "../../lib/scratch-database.ts";

export async function benchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const db = await createScratchDatabase(process.env.DATABASE_URL, "korrigo_bench");
    return { url: db.url, stop: db.drop };
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
