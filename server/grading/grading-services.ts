// The grading services of one node, built from the context. No socket or HTTP types here:
// the transport passes callbacks for what it must broadcast.
import type { AppContext } from "../context.ts";
import { compactCopyDoc } from "./doc-compaction.ts";
import { DocStateCache } from "./doc-state-cache.ts";
import { DocStore } from "./doc-store.ts";
import { LeaseKeeper } from "./lease-keeper.ts";
import { LockService } from "./lock-service.ts";

export interface GradingServices {
  readonly docs: DocStore;
  readonly locks: LockService;
  readonly leases: LeaseKeeper;
  close(): Promise<void>;
}

export interface GradingCallbacks {
  readonly onLockReleased: (copyId: string, examId: string) => void;
  readonly onLockLost: (copyId: string, examId: string, userId: string) => void;
  /** how a copy past N rows gets compacted; default: in this process, one copy at a time.
   *  The worker role can take this over by passing a job enqueue instead. */
  readonly requestCompaction?: (copyId: string) => void;
}

export function createGradingServices(ctx: AppContext, cb: GradingCallbacks): GradingServices {
  const { config, log } = ctx;
  const requestCompaction = cb.requestCompaction ?? inProcessCompaction(ctx);
  const docs = new DocStore(ctx.pool, new DocStateCache(), { log, requestCompaction });
  const locks = new LockService(ctx.db, { leaseSec: config.locks.leaseSec, nodeId: ctx.nodeId });
  const leases = new LeaseKeeper(locks, {
    leaseSec: config.locks.leaseSec,
    graceSec: config.locks.graceSec,
    log,
    onReleased: cb.onLockReleased,
    onLost: cb.onLockLost,
  });
  return {
    docs,
    locks,
    leases,
    async close() {
      leases.stop();
      await docs.flush(); // every update already received is committed and acked before we go
      docs.clear();
    },
  };
}

function inProcessCompaction(ctx: AppContext): (copyId: string) => void {
  const queue = new Set<string>();
  let running = false;
  const run = async () => {
    running = true;
    for (const copyId of queue) {
      queue.delete(copyId);
      await compactCopyDoc(ctx.db, copyId).catch((e) => ctx.log.warn({ err: e, copyId }, "compaction failed"));
    }
    running = false;
  };
  return (copyId) => {
    queue.add(copyId);
    if (!running) void run();
  };
}
