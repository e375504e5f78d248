// How far the page images of a batch are: pages with a reading image, pages that failed. Read by
// the batch view and pushed live with `batch:images` (forwarded to the exam's intake room).
import type { Db } from "../db/client.ts";
import { publishEvent } from "../db/events.ts";

export interface ImagesProgress {
  ready: number;
  failed: number;
  total: number;
}

export interface ImagesProgressEvent extends ImagesProgress {
  type: "batch:images";
  examId: string;
  batchId: string;
}

export async function imagesProgress(db: Pick<Db, "page">, batchIds: string[]): Promise<Map<string, ImagesProgress>> {
  const out = new Map<string, ImagesProgress>(batchIds.map((id) => [id, { ready: 0, failed: 0, total: 0 }]));
  if (batchIds.length === 0) return out;
  const [total, ready, failed] = await Promise.all([
    db.page.groupBy({ by: ["batchId"], where: { batchId: { in: batchIds } }, _count: { _all: true } }),
    db.page.groupBy({ by: ["batchId"], where: { batchId: { in: batchIds }, images: { some: { variant: "read", redacted: false } } }, _count: { _all: true } }),
    db.page.groupBy({ by: ["batchId"], where: { batchId: { in: batchIds }, imageError: { not: null } }, _count: { _all: true } }),
  ]);
  for (const r of total) out.get(r.batchId!)!.total = r._count._all;
  for (const r of ready) out.get(r.batchId!)!.ready = r._count._all;
  for (const r of failed) out.get(r.batchId!)!.failed = r._count._all;
  return out;
}

export async function publishImagesProgress(db: Db, examId: string, batchIds: string[]): Promise<void> {
  const progress = await imagesProgress(db, batchIds);
  for (const [batchId, p] of progress) {
    const event: ImagesProgressEvent = { type: "batch:images", examId, batchId, ...p };
    await publishEvent(db, event);
  }
}
