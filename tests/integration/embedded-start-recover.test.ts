// Operations on the embedded PostgreSQL (npm start with no DATABASE_URL): a start that fails (its
// HTTP port in use) stops the PostgreSQL it started instead of leaving it running with no owner,
// and says why; `npm run recover` while Korrigo runs connects to the running instance instead of
// crashing with "undefined" on a second postmaster.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, runningPostmaster, startEmbeddedPostgres } from "../../server/db/embedded.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { installQueueSchema } from "../../server/jobs/worker.ts";
import pino from "pino";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-embedded-ops-"));
fs.chmodSync(work, 0o777);
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  fs.rmSync(work, { recursive: true, force: true });
});

/** the environment of an operator's shell: no DATABASE_URL, so the embedded PostgreSQL is used */
function operatorEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, NODE_ENV: "development" };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  return env;
}

describe("embedded PostgreSQL operations", () => {
  it("npm run recover connects to the running embedded instance and reports", async () => {
    const dataDir = path.join(work, "running");
    const pg = await startEmbeddedPostgres({ dir: path.join(dataDir, "pg") });
    cleanups.push(() => pg.stop());
    await applyMigrations(pg.url); // as the running server did at its start
    await installQueueSchema(pg.url, pino({ level: "warn" }));
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/recover-stuck.ts"], {
      encoding: "utf8",
      timeout: 120_000,
      env: operatorEnv({ DATA_DIR: dataDir }),
    });
    expect(r.stderr).not.toMatch(/undefined/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/expired copy locks released: 0/);
    expect(runningPostmaster(path.join(dataDir, "pg"))).not.toBeNull(); // still the server's, still running
  }, 180_000);

  it("a start whose HTTP port is taken exits with a clear message and stops its embedded PostgreSQL", async () => {
    const dataDir = path.join(work, "failed-start");
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as net.AddressInfo).port;
    const pgPort = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: operatorEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", EMBEDDED_PG_PORT: String(pgPort), SEED_DEMO: "false", ROLE: "server" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    cleanups.push(() => {
      const left = runningPostmaster(path.join(dataDir, "pg"));
      if (left) process.kill(left.pid, "SIGTERM"); // only if the fix regressed
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`port ${port} is already in use`));
    expect(runningPostmaster(path.join(dataDir, "pg"))).toBeNull();
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect(pgPort, "127.0.0.1");
      s.once("connect", () => (s.destroy(), resolve(false)));
      s.once("error", () => resolve(true));
    });
    expect(refused).toBe(true);
  }, 180_000);
});
