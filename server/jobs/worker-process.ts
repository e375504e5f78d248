// The worker role in its own process, forked by a ROLE=all start (worker-child.ts): renders,
// scan splitting and maintenance (compaction included) never run on the server's event loop.
// It answers the parent's metrics requests over IPC and exits when the parent goes away.
import { loadConfig } from "../config/config.ts";
import { createContext } from "../context.ts";
import { createLogger } from "../logger.ts";
import { lowerCpuPriority } from "../ops/cpu-priority.ts";
import { registry } from "../ops/metrics.ts";
import { startWorker } from "./worker.ts";

const config = loadConfig();
lowerCpuPriority(config.workerNice); // before its job threads exist: they inherit it
const log = createLogger(config, { role: "worker" });
const ctx = await createContext(config, config.databaseUrl!, log);
const worker = await startWorker(ctx);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const deadline = setTimeout(() => process.exit(1), 9_000);
  deadline.unref();
  await worker.stop().catch((e) => log.error({ err: e }, "worker stop failed"));
  await ctx.close().catch(() => {});
  process.exit(0);
}

process.on("message", (m: { type?: string; id?: number }) => {
  if (m?.type !== "metrics") return;
  registry.getMetricsAsJSON().then(
    (metrics) => process.send?.({ type: "metrics", id: m.id, metrics }),
    () => process.send?.({ type: "metrics", id: m.id, metrics: null }),
  );
});
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
process.on("disconnect", () => void stop()); // the parent died (kill -9): do not outlive it
process.send?.({ type: "ready", pid: process.pid });
