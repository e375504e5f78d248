// Brings the PDFs of GRADED copies up to date after their marks changed without their document
// changing (a new rubric version, a max changed): call it inside the transaction that makes the
// change, so the jobs exist if and only if it commits. Each copy keeps its state; the worker renders
// a new file when the score sheet differs (render-copy-handler.ts) and the released versions keep
// theirs. Release refuses a copy whose PDF is not up to date yet (it says which).
import type { Db } from "../db/client.ts";
import { enqueueJob } from "../jobs/enqueue.ts";
import { renderCopyJob, renderJobKey } from "./render-copy-job.ts";

type Tx = Pick<Db, "$queryRaw" | "$executeRaw">;

/** Enqueues a render for each GRADED copy among `copyIds` (others are skipped); returns their ids. */
export async function refreshRenders(tx: Tx, copyIds: readonly string[]): Promise<string[]> {
  if (copyIds.length === 0) return [];
  const rows = await tx.$queryRaw<Array<{ id: string; docHash: string }>>`
    SELECT id, "docHash" FROM "Copy" WHERE id = ANY(${[...copyIds]}::uuid[]) AND state = 'GRADED' AND "docHash" IS NOT NULL ORDER BY id`;
  for (const r of rows) await enqueueJob(tx, renderCopyJob, { copyId: r.id, docHash: r.docHash }, { jobKey: renderJobKey(r.id, r.docHash) });
  return rows.map((r) => r.id);
}
