// The grading services of one node, built from the context. No socket or HTTP types here:
// the transport passes callbacks for what it must broadcast.
import type { AppContext } from "../context.ts";
import { requestCompactionJob } from "./compact-copy-doc-job.ts";
import { CopyAccessReader } from "./copy-access-reader.ts";
import { DocStateCache } from "./doc-state-cache.ts";
import { DocStore } from "./doc-store.ts";
import { LeaseKeeper } from "./lease-keeper.ts";
import { LockService } from "./lock-service.ts";

export interface GradingServices {
  readonly docs: DocStore;
  /** joins' access checks, batched */
  readonly access: CopyAccessReader;
  readonly locks: LockService;
  readonly leases: LeaseKeeper;
  close(): Promise<void>;
}

export interface GradingCallbacks {
  readonly onLockReleased: (copyId: string, examId: string) => void;
  readonly onLockLost: (copyId: string, examId: string, userId: string) => void;
  /** how a copy past N rows gets compacted; default: a queued job that a worker runs, never this event loop */
  readonly requestCompaction?: (copyId: string) => void;
}

export function createGradingServices(ctx: AppContext, cb: GradingCallbacks): GradingServices {
  const { config, log } = ctx;
  const requestCompaction = cb.requestCompaction ?? queuedCompaction(ctx);
  const docs = new DocStore(ctx.pool, new DocStateCache(), { log, requestCompaction, lanes: config.commitLanes });
  const locks = new LockService(ctx.db, ctx.pool, { leaseSec: config.locks.leaseSec, nodeId: ctx.nodeId });
  const leases = new LeaseKeeper(locks, {
    leaseSec: config.locks.leaseSec,
    graceSec: config.locks.graceSec,
    log,
    onReleased: cb.onLockReleased,
    onLost: cb.onLockLost,
  });
  return {
    docs,
    access: new CopyAccessReader(ctx.pool),
    locks,
    leases,
    async close() {
      leases.stop();
      await docs.flush(); // every update already received is committed and acked before we go
      await docs.end();
    },
  };
}

function queuedCompaction(ctx: AppContext): (copyId: string) => void {
  return (copyId) => {
    requestCompactionJob(ctx.pool, copyId).catch((e) => ctx.log.warn({ err: e, copyId }, "compaction request failed (the maintenance step will catch up)"));
  };
}
