// The production topology as plain processes on this machine: PostgreSQL (DATABASE_URL or
// embedded), Redis (REDIS_URL, or a private redis-server), N server nodes, one worker and nginx
// (Debian's package) in front. Used by `npm run cluster`, the cluster test and the chaos run.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pgDriver from "pg";
import pino from "pino";
import { Redis } from "ioredis";
import { createDb } from "../../server/db/client.ts";
import { freePort, startEmbeddedPostgres, type EmbeddedDb } from "../../server/db/embedded.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { installQueueSchema } from "../../server/jobs/worker.ts";
import { seedDemo } from "../../server/seed/demo-seed.ts";
import { nginxConfig } from "./cluster-nginx.ts";
import { imageEnvironment, imageNodeFlags } from "./image-runtime.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface ClusterProcess {
  readonly name: string;
  readonly port: number;
  /** where its stdout and stderr go */
  readonly logFile: string;
  proc: ChildProcess;
  alive(): boolean;
  /** whether it is up and serving (a node answers /api/health/ready, the worker beats) */
  ready(): Promise<boolean>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
}

export interface Cluster {
  readonly url: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly dataDir: string;
  readonly nodes: ClusterProcess[];
  readonly worker: ClusterProcess;
  readonly redis: ClusterProcess | null;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  dataDir: string;
  /** a database of the caller's (a test's clone of the migrated template); default: DATABASE_URL, else an embedded PostgreSQL in dataDir */
  databaseUrl?: string;
  nodes?: number;
  port?: number;
  seed?: boolean;
  env?: Record<string, string>;
  /** more settings for one process ("server-1", "worker"), e.g. NODE_OPTIONS for the soak's inspector */
  envFor?: (name: string) => Record<string, string>;
  /** run a private redis-server (so it can be restarted) instead of REDIS_URL / :6379 */
  privateRedis?: boolean;
  log?: (m: string) => void;
  /** how long a process may take to answer ready (default 60 s; a loaded machine needs more) */
  readyTimeoutMs?: number;
  /**
   * The compiled server entry (a production build's `server/main.js`, compileBuild below) run under
   * plain node, as deployed; default: the sources through tsx (`npm start`).
   */
  serverEntry?: string;
  /** Node's options for the server nodes run from the sources (a build always gets the image's, from the Dockerfile) */
  nodeFlags?: readonly string[];
}

/**
 * Compiles the server as the production build does (`tsc -p tsconfig.build.json`) into `outDir`;
 * returns its entry. The Docker image runs that build under plain node: no tsx loader, and Node's
 * source maps off (tsx turns them on for every module, and each bundle whose frame first shows in
 * an error's stack then keeps its parsed map for good — 4.8 MB for Prisma's runtime).
 */
export function compileBuild(outDir: string, opts: { checkTypes?: boolean } = {}): string {
  // checkTypes false: the same JavaScript without checking the types (a test, after `npm run typecheck`)
  const noCheck = opts.checkTypes === false ? ["--noCheck"] : [];
  const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", outDir, ...noCheck], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 600_000,
  });
  if (tsc.status !== 0) throw new Error(`the build failed: ${tsc.stdout}${tsc.stderr}`);
  return path.join(outDir, "server", "main.js");
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 180_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} did not come up within ${ms / 1000} s`);
}

/** how long a stop signal may take before the process is killed */
const STOP_GRACE_MS = 30_000;

function managed(
  name: string,
  port: number,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  ready: () => Promise<boolean>,
  readyMs?: number,
): ClusterProcess {
  const launch = () => {
    const out = fs.openSync(logFile, "a");
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", out, out] });
    fs.closeSync(out);
    return child;
  };
  const p: ClusterProcess = {
    name,
    port,
    logFile,
    proc: launch(),
    alive: () => p.proc.exitCode === null && p.proc.signalCode === null,
    ready,
    async kill(signal = "SIGTERM") {
      if (!p.alive()) return;
      const exited = new Promise((r) => p.proc.once("exit", r));
      p.proc.kill(signal);
      if (signal === "SIGKILL") return void (await exited);
      // a graceful stop may wait on a client that never leaves (nginx's SIGQUIT waits for every
      // open WebSocket): past the grace, the process is killed
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((r) => (timer = setTimeout(() => r("late"), STOP_GRACE_MS)));
      if ((await Promise.race([exited, late])) === "late" && p.alive()) {
        p.proc.kill("SIGKILL");
        await exited;
      }
      clearTimeout(timer);
    },
    async restart() {
      await p.kill("SIGKILL");
      p.proc = launch();
      await waitFor(ready, name, readyMs);
    },
  };
  return p;
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const logs = path.join(dataDir, "logs");
  fs.mkdirSync(logs, { recursive: true });
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    let databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
    let pg: EmbeddedDb | undefined;
    if (!databaseUrl) {
      pg = await startEmbeddedPostgres({ dir: path.join(dataDir, "pg") });
      started.push(pg);
      databaseUrl = pg.url;
    }
    log(`PostgreSQL: ${databaseUrl.replace(/:[^:@/]*@/, ":***@")}`);
    await applyMigrations(databaseUrl);
    await installQueueSchema(databaseUrl, pino({ level: "warn" }));
    if (opts.seed ?? true) {
      const db = createDb(databaseUrl, { max: 2 });
      await seedDemo(db, path.join(dataDir, "media")).finally(() => db.$disconnect());
    }

    let redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
    let redis: ClusterProcess | null = null;
    const pingRedis = async (url: string) => {
      const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on("error", () => {});
      try {
        await r.connect();
        return (await r.ping()) === "PONG";
      } finally {
        r.disconnect();
      }
    };
    if (opts.privateRedis || !(await pingRedis(redisUrl).catch(() => false))) {
      const port = await freePort();
      redisUrl = `redis://127.0.0.1:${port}`;
      redis = managed(
        "redis",
        port,
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        process.env,
        path.join(logs, "redis.log"),
        () => pingRedis(redisUrl),
      );
      started.push({ stop: () => redis!.kill() });
      await waitFor(() => pingRedis(redisUrl), "redis");
    }
    log(`Redis: ${redisUrl}`);

    const port = opts.port ?? (await freePort());
    const publicUrl = `http://localhost:${port}`;
    const common: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      // NODE_ENV unset, as `npm start` runs (the config's default is development): Yjs reads
      // NODE_ENV=development as its debug mode and deep-freezes every value it decodes, which
      // doubled the cost of decoding a pen stroke here; a deployed node (production) does not.
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      PUBLIC_URL: publicUrl,
      DATA_DIR: dataDir,
      TRUST_PROXY: "1",
      SEED_DEMO: "false",
      RATE_LIMIT_NAMESPACE: `cluster-${path.basename(dataDir)}`.replace(/[^\w.-]/g, "-").slice(0, 64),
      LOG_LEVEL: "warn",
      ...(opts.serverEntry ? imageEnvironment() : {}), // the build runs as the image runs it
      ...opts.env,
    };
    const entryArgs = opts.serverEntry ? [...imageNodeFlags(), opts.serverEntry] : [...(opts.nodeFlags ?? []), "--import", "tsx", "server/main.ts"];
    const nodes: ClusterProcess[] = [];
    for (let i = 1; i <= (opts.nodes ?? 3); i++) {
      const nodePort = await freePort();
      const url = `http://127.0.0.1:${nodePort}`;
      const ready = () => fetch(`${url}/api/health/ready`).then((r) => r.ok);
      const n = managed(
        `server-${i}`,
        nodePort,
        process.execPath,
        entryArgs,
        { ...common, ROLE: "server", PORT: String(nodePort), HOST: "127.0.0.1", ...opts.envFor?.(`server-${i}`) },
        path.join(logs, `server-${i}.log`),
        ready,
        opts.readyTimeoutMs,
      );
      nodes.push(n);
      started.push({ stop: () => n.kill() });
    }
    // the worker is up once it has run its start-up and beats (its heartbeat row, under its pid): a
    // worker that failed to start is not taken for a running one (with an inspector attached, as the
    // soak's, a failed process even stays alive, "waiting for the debugger to disconnect")
    const heartbeats = new pgDriver.Pool({ connectionString: databaseUrl, max: 1 });
    heartbeats.on("error", () => {});
    started.push({ stop: () => heartbeats.end() });
    const worker: ClusterProcess = managed(
      "worker",
      0,
      process.execPath,
      entryArgs,
      { ...common, ROLE: "worker", ...opts.envFor?.("worker") },
      path.join(logs, "worker.log"),
      async () =>
        worker.alive() && ((await heartbeats.query(`SELECT 1 FROM "WorkerHeartbeat" WHERE "processId" = $1`, [String(worker.proc.pid)])).rowCount ?? 0) > 0,
      opts.readyTimeoutMs,
    );
    started.push({ stop: () => worker.kill() });
    await Promise.all([...nodes.map((n) => waitFor(n.ready, n.name, opts.readyTimeoutMs)), waitFor(worker.ready, worker.name, opts.readyTimeoutMs)]);

    const nginxDir = path.join(dataDir, "nginx");
    fs.mkdirSync(nginxDir, { recursive: true });
    const conf = path.join(nginxDir, "nginx.conf");
    fs.writeFileSync(conf, nginxConfig({ port, upstreams: nodes.map((n) => n.port), prefix: nginxDir }));
    const nginx = managed("nginx", port, "nginx", ["-p", nginxDir, "-c", conf], process.env, path.join(logs, "nginx.log"), () =>
      fetch(`${publicUrl}/api/health/live`).then((r) => r.ok),
    );
    started.push({ stop: () => nginx.kill("SIGQUIT") });
    await waitFor(() => fetch(`http://127.0.0.1:${port}/api/health/live`).then((r) => r.ok), "nginx");
    log(`nginx: ${publicUrl} → ${nodes.map((n) => n.port).join(", ")}`);

    return {
      url: publicUrl,
      databaseUrl,
      redisUrl,
      dataDir,
      nodes,
      worker,
      redis,
      async stop() {
        for (const s of started.reverse()) await s.stop().catch(() => {});
      },
    };
  } catch (e) {
    for (const s of started.reverse()) await s.stop().catch(() => {});
    throw e;
  }
}
