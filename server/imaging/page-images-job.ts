// Job: make the missing page images of an exam (worker role). Enqueued in the transaction that
// forms or changes copies (split chunk, stapler edit, zones changed) with jobKey = exam, so edits in
// a row coalesce into one pending job (one queue per exam: never two runs at once); the handler finds what is stale by itself.
import { z } from "zod";
import { enqueueJob } from "../jobs/enqueue.ts";
import { defineJob } from "../jobs/job-definition.ts";
import type { Db } from "../db/client.ts";
import { makeExamImages } from "./make-exam-images.ts";
import { sharedRasterPool } from "./raster-pool.ts";

export const pageImagesJob = defineJob({
  name: "imaging-page-images",
  payload: z.object({ examId: z.uuid() }),
  maxAttempts: 5,
  async handler({ examId }, ctx, job) {
    const out = await makeExamImages(ctx, examId, sharedRasterPool(), job.log);
    if (out.made || out.failed) job.log.info({ examId, ...out }, "page images made");
  },
});

/** In the caller's transaction: the exam's pages changed, their images will follow. */
export async function enqueuePageImages(tx: Pick<Db, "$executeRaw">, examId: string): Promise<void> {
  await enqueueJob(tx, pageImagesJob, { examId }, { jobKey: `page-images:${examId}`, queueName: `page-images:${examId}`, priority: 1 });
}

/** Every exam that has pages: their images are made now rather than on first request (after the demo seed). */
export async function enqueueImagesOfAllExams(db: Pick<Db, "exam" | "$executeRaw">): Promise<number> {
  const exams = await db.exam.findMany({ where: { copies: { some: { pages: { some: {} } } } }, select: { id: true } });
  for (const e of exams) await enqueuePageImages(db, e.id);
  return exams.length;
}
