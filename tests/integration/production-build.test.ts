// The production build (#18): `tsc -p tsconfig.build.json` compiles the server to plain JavaScript
// and that build runs under bare `node` — no tsx, so a module, thread or child process that still
// pointed at a .ts file would crash it. Started on a fresh database with the demo seed, it migrates,
// seeds, answers a signed-in admin, and its worker child's raster threads make the demo's page images.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../server/db/embedded.ts";
import { TEST_ORIGIN, TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

const outDir = path.join("dist", `app-test-${crypto.randomBytes(4).toString("hex")}`);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-build-"));
let database: TestDatabase;
let server: ChildProcess | undefined;
let log = "";

beforeAll(async () => {
  database = await createTestDatabase();
  // --noCheck: the same JavaScript as `npm run build` (the 497 files compared identical) without
  // checking the types a second time: `npm test` has just checked the whole project (`npm run
  // typecheck`), and checking again took 18 s of CPU, both cores for 10 s of a CPU-bound suite.
  const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", outDir, "--noCheck"], {
    encoding: "utf8",
    timeout: 240_000,
  });
  expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
}, 300_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((resolve) => server!.once("exit", resolve));
  }
  await database?.drop();
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("production build", () => {
  it("runs under plain node: migrates, seeds, signs in, and its worker makes page images", async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "development",
      ROLE: "all",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: TEST_ORIGIN,
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      SEED_DEMO: "true",
      METRICS_PORT: String(await freePort()),
      LOG_LEVEL: "warn",
    };
    delete env.NODE_OPTIONS; // no loader inherited from the test runner: the build must stand alone
    server = spawn(process.execPath, [path.join(outDir, "server", "main.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.on("data", (d) => (log += String(d)));
    server.stderr!.on("data", (d) => (log += String(d)));
    const base = `http://127.0.0.1:${port}`;
    await expect
      .poll(async () => (server!.exitCode !== null ? `exited: ${log}` : (await fetch(`${base}/api/health/ready`).catch(() => null))?.status), {
        timeout: 120_000,
        interval: 250,
      })
      .toBe(200);

    const admin = new TestClient(base);
    expect((await admin.login("admin", "Korrigo-admin-demo")).status).toBe(200);
    const me = await admin.get("/api/me");
    expect(me.status).toBe(200);
    expect(JSON.stringify(me.body)).toMatch(/"admin"/);

    // raster threads of the worker child (both compiled entries) make the demo copies' images
    await expect
      .poll(async () => Number((await database.db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "PageImage"`))[0]!.n), {
        timeout: 120_000,
        interval: 500,
      })
      .toBeGreaterThan(0);
    expect(log).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION|Cannot find module|"level":50/);
  }, 300_000);
});
