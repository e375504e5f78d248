// Starts a real Korrigo server (HTTP + everything it mounts) on a free port for a test.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { loadConfig } from "../../server/config/config.ts";
import { startServer, type RunningServer } from "../../server/start.ts";

// Rate-limit counters of this test database only: the Redis and PostgreSQL stores outlive test runs,
// and the files of a worker share this module (vitest.config.ts), so the namespace follows the
// database a server runs on (servers of one cluster share it) and this module's random part.
const RUN = Math.random().toString(36).slice(2, 8);
const rateLimitNamespace = (databaseUrl: string) => `test-${RUN}-${createHash("sha256").update(databaseUrl).digest("hex").slice(0, 12)}`;

export interface TestServerOptions {
  databaseUrl: string;
  env?: Record<string, string>;
}

export async function startTestServer(opts: TestServerOptions): Promise<RunningServer & { dataDir: string }> {
  const dataDir = opts.env?.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-data-"));
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DATABASE_URL: opts.databaseUrl,
    PUBLIC_URL: "http://localhost:3000",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    RATE_LIMIT_NAMESPACE: rateLimitNamespace(opts.databaseUrl),
    ...opts.env,
  });
  const server = await startServer(config, opts.databaseUrl, pino({ level: config.logLevel }));
  return Object.assign(server, { dataDir });
}
