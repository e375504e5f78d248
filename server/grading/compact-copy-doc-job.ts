// Job: fold a busy copy's rows into its snapshot. The server asks for it (past N rows) and the
// worker runs it, so merging Yjs updates never blocks a server's event loop. Keyed per copy: a
// request while one is pending replaces it instead of doubling it.
import { z } from "zod";
import type pg from "pg";
import { defineJob } from "../jobs/job-definition.ts";
import { compactCopyDoc } from "./doc-compaction.ts";

export const compactCopyDocJob = defineJob({
  name: "compact-copy-doc",
  payload: z.object({ copyId: z.string().uuid() }),
  maxAttempts: 3,
  async handler({ copyId }, ctx, job) {
    const r = await compactCopyDoc(ctx.db, copyId);
    job.log.debug({ ...r, upToSeq: r.upToSeq?.toString() ?? null }, "copy document compacted");
  },
});

/** Queues a compaction of the copy (outside any transaction: losing one is harmless, maintenance catches up). */
export async function requestCompactionJob(pool: Pick<pg.Pool, "query">, copyId: string): Promise<void> {
  await pool.query(`SELECT graphile_worker.add_job('compact-copy-doc', json_build_object('copyId', $1::text), job_key => $2::text, max_attempts => 3)`, [
    copyId,
    `compact:${copyId}`,
  ]);
}
