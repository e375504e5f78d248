// Entry point: `npm start`. Embedded PostgreSQL when DATABASE_URL is unset, migrations, demo
// seed on first start, then the roles chosen by ROLE (all | server | worker).
import inspector from "node:inspector";
import path from "node:path";
import { ConfigError, loadConfig, type Config } from "./config/config.ts";
import { createDb } from "./db/client.ts";
import { startEmbeddedPostgres, type EmbeddedDb } from "./db/embedded.ts";
import { applyMigrations } from "./db/migrate.ts";
import { backfillProjections } from "./db/backfill.ts";
import { createLogger } from "./logger.ts";
import { enqueueImagesOfAllExams } from "./imaging/page-images-job.ts";
import { DEMO_ACCOUNTS, DEMO_STUDENT_PASSWORD, seedDemo } from "./seed/demo-seed.ts";
import { createContext, type AppContext } from "./context.ts";
import { installQueueSchema, startWorker, type RunningWorker } from "./jobs/worker.ts";
import { startServer, type RunningServer } from "./start.ts";
import { startWorkerChild, type WorkerChild } from "./jobs/worker-child.ts";
import { addChildMetrics } from "./ops/metrics.ts";
import { startMetricsServer, type MetricsServer } from "./ops/metrics-server.ts";
import { lowerCpuPriority } from "./ops/cpu-priority.ts";

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Korrigo refuses to start: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

async function main() {
  const config = readConfig();
  const log = createLogger(config, { role: config.role });
  if (config.role === "worker") lowerCpuPriority(config.workerNice); // before its job threads exist: they inherit it
  let embedded: EmbeddedDb | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    console.log(`Starting the embedded PostgreSQL under ${path.join(config.dataDir, "pg")} …`);
    embedded = await startEmbeddedPostgres({ dir: path.join(config.dataDir, "pg"), port: config.embeddedPgPort, log: (m) => log.warn(m) });
    databaseUrl = embedded.url;
  }
  try {
    await run(config, log, databaseUrl, embedded);
  } catch (e) {
    // a failed start (port in use, bad migration …) must not leave the embedded PostgreSQL running with no owner
    await embedded?.stop().catch((err) => log.error({ err }, "embedded PostgreSQL stop failed"));
    throw e;
  }
}

async function run(config: Config, log: ReturnType<typeof createLogger>, databaseUrl: string, embedded: EmbeddedDb | undefined) {
  await applyMigrations(databaseUrl, (m) => log.info(m));
  await installQueueSchema(databaseUrl, log);
  await backfillProjections(databaseUrl, log);

  let seeded = false;
  if (config.seedDemo) {
    const db = createDb(databaseUrl, { max: 2 });
    try {
      seeded = await seedDemo(db, config.mediaDir);
      if (seeded) await enqueueImagesOfAllExams(db); // the demo copies' page images, made by the worker at once
      const admin = await db.user.findUnique({ where: { username: "admin" }, select: { mustChangePassword: true } });
      if (admin?.mustChangePassword) printDemoCredentials(seeded);
    } finally {
      await db.$disconnect();
    }
  }

  let server: RunningServer | undefined;
  let workerCtx: AppContext | undefined;
  let worker: RunningWorker | undefined;
  let workerChild: WorkerChild | undefined;
  let metricsServer: MetricsServer | null = null;
  if (config.role !== "worker") server = await startServer(config, databaseUrl, log);
  if (config.role === "all") {
    // the worker role in a child process: renders and maintenance stay off the server's event loop
    workerChild = startWorkerChild({ databaseUrl, log });
    addChildMetrics(() => workerChild!.metrics());
    await workerChild.ready();
  }
  if (config.role === "worker") {
    workerCtx = await createContext(config, databaseUrl, log);
    worker = await startWorker(workerCtx);
    metricsServer = await startMetricsServer({
      port: config.metricsPort,
      host: config.host,
      token: config.metricsToken,
      isProduction: config.isProduction,
      log,
    });
  }
  const shownUrl = config.publicUrl;
  if (!server) console.log("Korrigo worker running (no HTTP server in ROLE=worker).");
  else console.log(`\nKorrigo is running: ${shownUrl}${embedded ? "  (embedded PostgreSQL, data in " + config.dataDir + ")" : ""}\nPress Ctrl-C to stop.\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    // an attached debugger (--inspect: benchmarks' heap probes, DevTools) would hold the exit for ever
    if (inspector.url()) inspector.close();
    const deadline = setTimeout(() => process.exit(1), 10_000);
    deadline.unref();
    await worker?.stop().catch((e) => log.error({ err: e }, "worker stop failed"));
    await workerChild?.stop().catch((e) => log.error({ err: e }, "worker process stop failed"));
    await metricsServer?.close();
    await server?.close().catch((e) => log.error({ err: e }, "server close failed"));
    await workerCtx?.close();
    await embedded?.stop().catch((e) => log.error({ err: e }, "embedded PostgreSQL stop failed"));
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

function printDemoCredentials(firstStart: boolean) {
  const rows = [
    ...DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(10)} ${a.username.padEnd(28)} ${a.password}`),
    `  ${"STUDENT".padEnd(10)} ${"lea.petit@demo.korrigo.fr".padEnd(28)} ${DEMO_STUDENT_PASSWORD}`,
  ];
  console.log(`\n${firstStart ? "Demo data created." : "Demo data present."} Demo accounts (a new password is asked at first sign-in):\n${rows.join("\n")}`);
}

main().catch((e) => {
  const err = e as NodeJS.ErrnoException & { port?: number };
  if (err?.code === "EADDRINUSE")
    console.error(`Korrigo failed to start: port ${err.port ?? ""} is already in use (another Korrigo running?). Stop it or set PORT.`);
  else console.error("Korrigo failed to start:", e instanceof Error ? e : new Error(`unknown failure (${String(e)})`));
  process.exit(1);
});
