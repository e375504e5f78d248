// ROLE=all runs the worker role in a child process (worker-process.ts), not on the server's event
// loop: a render, a scan split or a compaction of thousands of rows no longer delays acks and
// broadcasts. A child that dies is started again; /metrics adds the child's figures (over IPC).
import { fork, type ChildProcess } from "node:child_process";
import type { Logger } from "pino";
import type { MetricsJson } from "../ops/metrics.ts";
import { threadEntry } from "../config/runtime-files.ts";

export interface WorkerChild {
  /** resolves once the current child has started its worker */
  ready(): Promise<void>;
  readonly pid: number | undefined;
  /** the child's metrics as JSON (prom-client), null if it does not answer within 2 s */
  metrics(): Promise<MetricsJson | null>;
  stop(): Promise<void>;
}

const BOOT = threadEntry(import.meta.url, "worker-process-boot.mjs", "worker-process");

export function startWorkerChild(opts: { databaseUrl: string; env?: Record<string, string>; log: Logger }): WorkerChild {
  let child: ChildProcess;
  let readyPromise: Promise<void>;
  let stopping = false;
  let restarts = 0;
  let nextId = 1;
  const waiting = new Map<number, (m: MetricsJson | null) => void>();

  const spawn = () => {
    child = fork(BOOT, [], {
      env: { ...process.env, ...opts.env, ROLE: "worker", DATABASE_URL: opts.databaseUrl, SEED_DEMO: "false" },
      execArgv: [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const started = Date.now();
    readyPromise = new Promise<void>((resolve, reject) => {
      child.on("message", (m: { type?: string; id?: number; metrics?: MetricsJson | null }) => {
        if (m?.type === "ready") resolve();
        if (m?.type === "metrics" && m.id !== undefined) waiting.get(m.id)?.(m.metrics ?? null);
      });
      child.once("exit", (code, signal) => {
        reject(new Error(`worker process exited (${signal ?? code}) before it was ready`));
        for (const done of waiting.values()) done(null);
        waiting.clear();
        if (stopping) return;
        // a crash loop backs off; a child that ran a while is replaced at once
        restarts = Date.now() - started > 60_000 ? 0 : restarts + 1;
        const delay = Math.min(30_000, restarts === 0 ? 0 : 500 * 2 ** (restarts - 1));
        opts.log.error({ code, signal, restartInMs: delay }, "worker process died: starting another");
        setTimeout(() => stopping || spawn(), delay).unref();
      });
    });
    readyPromise.catch(() => {});
  };
  spawn();

  return {
    ready: () => readyPromise,
    get pid() {
      return child.pid;
    },
    metrics() {
      if (!child.connected) return Promise.resolve(null);
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => finish(null), 2_000);
        const finish = (m: MetricsJson | null) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(m);
        };
        waiting.set(id, finish);
        child.send({ type: "metrics", id }, (e) => e && finish(null));
      });
    },
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 9_500);
      await exited;
      clearTimeout(timer);
    },
  };
}
