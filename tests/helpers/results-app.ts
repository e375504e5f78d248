// A real server for the results browser tests (supervision, portal): like tests/e2e/support's
// startAppServer (built client, a database cloned from the demo seed, known port), and it also tells where
// the media live, so a test can put final PDFs there; users are created signed-in-ready.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import type { Role } from "../../server/db/client.ts";
import { ensureClientBuilt } from "../e2e/support/client-build.ts";
import { demoTemplate } from "../e2e/support/demo-template.ts";
import { createUser } from "./factories.ts";
import { freePort } from "./free-port.ts";
import { createTestDatabase, type TestDatabase } from "./test-db.ts";
import { startTestServer } from "./test-server.ts";

export interface ResultsApp {
  url: string;
  tdb: TestDatabase;
  mediaDir: string;
  close(): Promise<void>;
}

export async function startResultsApp(): Promise<ResultsApp> {
  await ensureClientBuilt();
  const demo = await demoTemplate();
  const tdb = await createTestDatabase(demo.database);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-e2e-results-"));
  const mediaDir = path.join(dataDir, "media");
  fs.cpSync(demo.mediaDir, mediaDir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startTestServer({ databaseUrl: tdb.url, env: { PORT: String(port), PUBLIC_URL: url, DATA_DIR: dataDir } });
  return {
    url,
    tdb,
    mediaDir,
    async close() {
      await server.close();
      await tdb.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs the browser context in through the API (the sign-in page has its own tests). */
export async function signInContext(context: BrowserContext, baseUrl: string, user: { username: string; password: string }): Promise<void> {
  const r = await context.request.post(`${baseUrl}/api/auth/login`, {
    data: { username: user.username, password: user.password },
    headers: { origin: baseUrl },
  });
  if (r.status() !== 200) throw new Error(`sign-in of ${user.username} failed: ${r.status()}`);
}

export async function userWithRole(app: ResultsApp, role: Role, displayName?: string) {
  const u = await createUser(app.tdb.db, role);
  if (displayName) await app.tdb.db.user.update({ where: { id: u.id }, data: { displayName } });
  return { ...u, displayName: displayName ?? u.displayName };
}
