// A real Korrigo server for browser tests: the built client, a fresh cloned database with the
// demo seed, on a port known in advance so that PUBLIC_URL (and so the Origin check) matches it.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startWorker, type RunningWorker } from "../../../server/jobs/worker.ts";
import { seedDemo } from "../../../server/seed/demo-seed.ts";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-db.ts";
import { startTestServer } from "../../helpers/test-server.ts";
import { ensureClientBuilt } from "./client-build.ts";

export interface AppServer {
  url: string;
  tdb: TestDatabase;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `worker`: also run the job worker (render of finalized copies), as `npm start` does. */
export async function startAppServer(opts: { worker?: boolean } = {}): Promise<AppServer> {
  await ensureClientBuilt();
  const tdb = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-e2e-"));
  await seedDemo(tdb.db, path.join(dataDir, "media"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startTestServer({ databaseUrl: tdb.url, env: { PORT: String(port), PUBLIC_URL: url, DATA_DIR: dataDir } });
  const worker: RunningWorker | null = opts.worker ? await startWorker(server.ctx, { concurrency: 1 }) : null;
  return {
    url,
    tdb,
    async close() {
      await worker?.stop();
      await server.close();
      await tdb.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
