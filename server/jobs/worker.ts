// The worker role: graphile-worker (LISTEN/NOTIFY) running every registered job, a maintenance
// cron every minute, and a heartbeat so a crashed worker's jobs are reclaimed by the others.
import { EventEmitter } from "node:events";
import { Logger as GraphileLogger, run, runMigrations, type Runner, type Task, type TaskList, type WorkerEvents } from "graphile-worker";
import type { Logger } from "pino";
import type { AppContext } from "../context.ts";
import { JOBS } from "./registry.ts";
import { beat } from "./worker-heartbeat.ts";

export interface RunningWorker {
  readonly runner: Runner;
  stop(): Promise<void>;
}

export function graphileLogger(log: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    // its info lines ("Completed task …" for every job, the per-minute maintenance included) are debug detail here
    const lvl = level === "error" ? "error" : level === "warning" ? "warn" : "debug";
    log[lvl]({ ...scope, ...meta }, message);
  });
}

function taskList(ctx: AppContext): TaskList {
  const tasks: TaskList = {};
  for (const def of JOBS) {
    const task: Task = async (raw, helpers) => {
      const parsed = def.payload.safeParse(raw);
      if (!parsed.success) {
        // a malformed payload will never succeed: log it and drop it instead of retrying forever
        ctx.log.error({ job: def.name, issues: parsed.error.issues }, "job payload rejected");
        return;
      }
      await def.handler(parsed.data, ctx, {
        log: ctx.log.child({ job: def.name, jobId: helpers.job.id }),
        attempts: helpers.job.attempts,
        maxAttempts: helpers.job.max_attempts,
        jobId: String(helpers.job.id),
        queuedAt: new Date(helpers.job.run_at),
      });
    };
    tasks[def.name] = task;
  }
  return tasks;
}

export async function installQueueSchema(connectionString: string, log: Logger): Promise<void> {
  await runMigrations({ connectionString, logger: graphileLogger(log) });
}

export async function startWorker(ctx: AppContext, opts: { concurrency?: number; maintenanceCron?: string } = {}): Promise<RunningWorker> {
  const log = ctx.log.child({ role: "worker" });
  // listeners must exist before run(): workers are created while it starts
  const events: WorkerEvents = new EventEmitter();
  const workerIds = new Set<string>();
  events.on("worker:create", ({ worker }) => workerIds.add(worker.workerId));
  events.on("worker:stop", ({ worker }) => workerIds.delete(worker.workerId));
  // graphile-worker 0.17 locks jobs with the pool's id, not a worker's: beat for it too, or the
  // jobs of a crashed process would stay locked for 4 hours
  events.on("pool:create", ({ workerPool }) => workerIds.add(workerPool.id));
  events.on("pool:release", ({ workerPool }) => workerIds.delete(workerPool.id));
  const runner = await run({
    events,
    pgPool: ctx.pool,
    concurrency: opts.concurrency ?? 2,
    noHandleSignals: true,
    pollInterval: 2000,
    logger: graphileLogger(log),
    taskList: taskList(ctx),
    crontab:
      [
        `${opts.maintenanceCron ?? "* * * * *"} maintenance ?max=1&jobKey=maintenance&jobKeyMode=replace`,
        `${ctx.config.supervisorSummaryCron} supervisor-summary ?max=3&jobKey=supervisor-summary&jobKeyMode=replace`,
      ].join("\n") + "\n",
  });
  const tick = () => beat(ctx.db, workerIds).catch((e) => log.warn({ err: e }, "heartbeat failed"));
  const timer = setInterval(tick, 20_000);
  timer.unref();
  await tick();
  return {
    runner,
    async stop() {
      clearInterval(timer);
      await runner.stop();
      await ctx.db.workerHeartbeat.deleteMany({ where: { workerId: { in: [...workerIds] } } }).catch(() => {});
    },
  };
}
