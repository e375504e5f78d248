// Periodic maintenance run by the worker role (every minute, one run at a time cluster-wide).
// Features register their steps here; each step is idempotent and safe to run at any time.
import { purgeExpiredSessions } from "../auth/session-store.ts";
import { compactDueDocs } from "../grading/doc-compaction.ts";
import type { AppContext } from "../context.ts";
import { purgeNoticesAndResets } from "../notices/notice-retention.ts";
import { reclaimDeadWorkers, type JobUnlocker } from "./worker-heartbeat.ts";

export interface MaintenanceStep {
  readonly name: string;
  run(ctx: AppContext, unlocker: JobUnlocker): Promise<Record<string, unknown> | void>;
}

export const MAINTENANCE_STEPS: MaintenanceStep[] = [
  { name: "reclaim-dead-workers", run: async (ctx, unlocker) => ({ unlocked: await reclaimDeadWorkers(ctx.db, unlocker) }) },
  { name: "purge-expired-sessions", run: async (ctx) => ({ purged: await purgeExpiredSessions(ctx.db) }) },
  { name: "purge-old-notices", run: async (ctx) => ({ ...(await purgeNoticesAndResets(ctx.db)) }) },
  // snapshots by compaction in the worker role: a server queues a compact-copy-doc job for a copy past ~200 rows;
  // this sweep folds what stays below that, once nobody has written to the copy for 2 minutes
  { name: "compact-copy-docs", run: async (ctx) => ({ ...(await compactDueDocs(ctx.db, { minUpdates: 50, limit: 200, idleSeconds: 120 })) }) },
  { name: "sweep-orphan-images", run: async (ctx) => ({ ...(await (await import("../imaging/sweep-images-step.ts")).sweepImagesHourly(ctx)) }) },
  { name: "recover-stuck-renders", run: async (ctx) => ({ ...(await (await import("../render/recover-stuck.ts")).recoverStuck(ctx.db)) }) },
];
