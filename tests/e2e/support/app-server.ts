// A real Korrigo server for browser tests: the built client, a fresh database cloned from the demo
// (seeded once per run, see demo-template.ts), on a port known in advance so that PUBLIC_URL (and so
// the Origin check) matches it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AppContext } from "../../../server/context.ts";
import { startWorker, type RunningWorker } from "../../../server/jobs/worker.ts";
import { freePort } from "../../helpers/free-port.ts";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-db.ts";
import { startTestServer } from "../../helpers/test-server.ts";
import { ensureClientBuilt } from "./client-build.ts";
import { demoTemplate } from "./demo-template.ts";

export interface AppServer {
  url: string;
  tdb: TestDatabase;
  ctx: AppContext;
  /** DATA_DIR: the media live under `<dataDir>/media` */
  dataDir: string;
  /** (re)starts the job worker, as `npm start` runs it */
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface AppServerOptions {
  /** also run the job worker (scan splitting, render of finalized copies) */
  worker?: boolean;
  /** the worker's minute-by-minute maintenance; off keeps a test's jobs its own */
  maintenance?: boolean;
  /** staff accounts start without the forced password change */
  staffReady?: boolean;
  /** a port chosen beforehand (a test registers the app's URL elsewhere first, e.g. at an OpenID provider) */
  port?: number;
  /** more settings (single sign-on, mail relay...) */
  env?: Record<string, string>;
}

export async function startAppServer(opts: AppServerOptions = {}): Promise<AppServer> {
  await ensureClientBuilt();
  const demo = await demoTemplate();
  const tdb = await createTestDatabase(demo.database);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-e2e-"));
  fs.cpSync(demo.mediaDir, path.join(dataDir, "media"), { recursive: true });
  if (opts.staffReady) await tdb.db.user.updateMany({ where: { role: { not: "STUDENT" } }, data: { mustChangePassword: false } });
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const server = await startTestServer({ databaseUrl: tdb.url, env: { ...opts.env, PORT: String(port), PUBLIC_URL: url, DATA_DIR: dataDir } });
  let worker: RunningWorker | null = null;
  const app: AppServer = {
    url,
    tdb,
    ctx: server.ctx,
    dataDir,
    async startWorker() {
      worker ??= await startWorker(server.ctx, { concurrency: 1, ...(opts.maintenance === false ? { maintenanceCron: "0 0 1 1 *" } : {}) });
    },
    async stopWorker() {
      await worker?.stop();
      worker = null;
    },
    async close() {
      await app.stopWorker();
      await server.close();
      await tdb.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (opts.worker) await app.startWorker();
  return app;
}
