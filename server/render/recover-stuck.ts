// Puts back what a crash left behind: copies stuck in FINALIZING whose render job no longer exists
// (or can no longer run) get it again — same job key, so never twice — and expired copy locks are
// deleted (an expired lease is free anyway; this keeps the table honest). Idempotent, safe any time.
import type { Db } from "../db/client.ts";
import { enqueueJob } from "../jobs/enqueue.ts";
import { renderCopyJob, renderJobKey } from "./render-copy-job.ts";

export const STUCK_AFTER_MS = 10 * 60_000;

export interface RecoverReport {
  /** copies whose render job was enqueued again */
  reenqueued: string[];
  releasedLocks: number;
}

export async function recoverStuck(db: Db, opts: { olderThanMs?: number } = {}): Promise<RecoverReport> {
  const seconds = (opts.olderThanMs ?? STUCK_AFTER_MS) / 1000;
  const stuck = await db.$queryRaw<Array<{ id: string; docHash: string }>>`
    SELECT c.id::text AS id, c."docHash" FROM "Copy" c
     WHERE c.state = 'FINALIZING' AND c."docHash" IS NOT NULL
       AND c."updatedAt" < now() - make_interval(secs => ${seconds}::float8)
       AND NOT EXISTS (
         SELECT 1 FROM graphile_worker.jobs j
          WHERE j.key = 'render:' || c.id::text || ':' || c."docHash" AND j.attempts < j.max_attempts)
     ORDER BY c."updatedAt"`;
  const reenqueued: string[] = [];
  for (const { id, docHash } of stuck) {
    const done = await db.$transaction(async (tx) => {
      // re-checked under the transaction: the copy may have moved on since the scan
      const { count } = await tx.copy.updateMany({ where: { id, docHash, state: "FINALIZING" }, data: { renderError: null } });
      if (count) await enqueueJob(tx, renderCopyJob, { copyId: id, docHash }, { jobKey: renderJobKey(id, docHash) });
      return count > 0;
    });
    if (done) reenqueued.push(id);
  }
  const releasedLocks = await db.$executeRaw`DELETE FROM "CopyLock" WHERE "expiresAt" < now()`;
  return { reenqueued, releasedLocks };
}
