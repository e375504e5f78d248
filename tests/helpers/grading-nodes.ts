// Real Korrigo server processes (ROLE=server) on one database and one Redis, for tests and
// benchmarks that kill a node with -9.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../server/db/embedded.ts";

export interface ServerNode {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** stderr and stdout so far, for failure messages */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The session secret of the nodes started here, so tests can sign session cookies (grading-factories sessionCookie). */
export const NODE_SESSION_SECRET = "korrigo-test-nodes-session-secret-0123456789";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

export async function startNode(opts: {
  databaseUrl: string;
  redisUrl?: string;
  env?: Record<string, string> /** e.g. --cpu-prof (not allowed in NODE_OPTIONS) */;
  nodeArgs?: string[];
}): Promise<ServerNode> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-node-"));
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), "--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      ROLE: "server",
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: dataDir,
      PUBLIC_URL: "http://localhost:3000",
      SESSION_SECRET: NODE_SESSION_SECRET,
      DATABASE_URL: opts.databaseUrl,
      ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const node: ServerNode = {
    url,
    port,
    process: child,
    output: () => out,
    async kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server node exited with ${child.exitCode}:\n${out}`);
    const ok = await fetch(`${url}/api/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return node;
    await new Promise((r) => setTimeout(r, 100));
  }
  await node.kill();
  throw new Error(`server node did not start within 60 s:\n${out}`);
}
