// Cuts a stored scan batch into STAGING copies. Idempotent and resumable: chunks of whole copies
// are committed one transaction at a time together with processedPages, so after a crash the job
// recomputes the same layout and skips the scanned pages already committed.
import crypto from "node:crypto";
import type { Logger } from "pino";
import type { AppContext } from "../context.ts";
import { MediaStore } from "../storage/media-store.ts";
import { resolveOptions } from "./batch-options.ts";
import { planLayout, type PlannedCopy } from "./batch-layout.ts";
import { notifyBatchProgress } from "./batch-progress.ts";
import { allocateCopyCodes } from "./copy-seq.ts";
import type { ExtractedPage } from "./pdf-child-protocol.ts";
import { sharedPdfChild } from "./pdf-inspect.ts";
import { enqueuePageImages } from "../imaging/page-images-job.ts";
import { splitByCodes } from "../booklets/split-by-codes.ts";
import { sharedRasterPool } from "../imaging/raster-pool.ts";

/** Scanned pages per transaction: small enough for live progress, big enough to stay cheap. */
export const CHUNK_SIDES = 24;

export interface SplitOutcome {
  status: "DONE" | "FAILED" | "SKIPPED";
  copies: number;
}

function chunksOf(copies: PlannedCopy[]): PlannedCopy[][] {
  const out: PlannedCopy[][] = [];
  let current: PlannedCopy[] = [];
  let sides = 0;
  for (const c of copies) {
    current.push(c);
    sides += c.endSide - c.firstSide;
    if (sides >= CHUNK_SIDES) {
      out.push(current);
      current = [];
      sides = 0;
    }
  }
  if (current.length) out.push(current);
  return out;
}

async function markFailed(ctx: AppContext, batch: { id: string; examId: string; processedPages: number; totalPages: number }, message: string): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    await tx.scanBatch.update({ where: { id: batch.id }, data: { status: "FAILED", error: message.slice(0, 1000) } });
    await notifyBatchProgress(tx, { examId: batch.examId, batchId: batch.id, processed: batch.processedPages, total: batch.totalPages, status: "FAILED" });
  });
}

async function finish(ctx: AppContext, batch: { id: string; examId: string }, pages: number): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    await tx.scanBatch.update({ where: { id: batch.id }, data: { status: "DONE", processedPages: pages } });
    await notifyBatchProgress(tx, { examId: batch.examId, batchId: batch.id, processed: pages, total: pages, status: "DONE" });
  });
}

export async function splitBatch(ctx: AppContext, batchId: string, log: Logger, isLastAttempt = true): Promise<SplitOutcome> {
  const found = await ctx.db.scanBatch.findUnique({ where: { id: batchId } });
  if (!found || found.status === "DONE" || found.status === "FAILED") return { status: "SKIPPED", copies: 0 };
  const media = new MediaStore(ctx.config.mediaDir);
  const pdf = sharedPdfChild(ctx); // one warm child per process: no start-up per job
  if (found.mode === "QR_BOOKLETS") sharedRasterPool().warm(); // the threads start while the PDF is inspected
  try {
    const file = media.abs(found.storagePath);
    const info = await pdf.inspect(file, { keep: true });
    if (!info.ok) {
      await markFailed(ctx, found, info.message); // a file that cannot be read will not get better with retries
      return { status: "FAILED", copies: 0 };
    }
    const { warnings: _w, ...settings } = (found.options ?? {}) as Record<string, unknown>;
    const options = resolveOptions(found.mode, settings);
    const layout = found.mode === "QR_BOOKLETS" ? { copies: [], warnings: [] } : planLayout(found.mode, info.pages, options, found.pagesPerCopy);
    const batch = await ctx.db.$transaction(async (tx) => {
      const b = await tx.scanBatch.update({
        where: { id: batchId },
        data: { status: "PROCESSING", totalPages: info.pageCount, error: null, options: { ...settings, warnings: layout.warnings } },
      });
      await notifyBatchProgress(tx, { examId: b.examId, batchId, processed: b.processedPages, total: b.totalPages, status: "PROCESSING" });
      return b;
    });
    if (found.mode === "QR_BOOKLETS") {
      const { copies } = await splitByCodes(ctx, batch, info, pdf, file, media.root, log);
      await finish(ctx, batch, info.pageCount);
      return { status: "DONE", copies };
    }
    let done = batch.processedPages;
    let created = 0;
    for (const chunk of chunksOf(layout.copies.filter((c) => c.firstSide >= done))) {
      const sides = [...new Set(chunk.flatMap((c) => c.pages.map((p) => p.side)))].sort((a, b) => a - b);
      const extracted = new Map((await pdf.extract(file, sides, media.root)).map((e: ExtractedPage) => [e.index, e.rel]));
      const end = chunk[chunk.length - 1]!.endSide;
      await ctx.db.$transaction(
        async (tx) => {
          // optimistic guard: another run of this job must not store the same chunk twice
          const moved = await tx.scanBatch.updateMany({ where: { id: batchId, processedPages: done, status: "PROCESSING" }, data: { processedPages: end } });
          if (moved.count !== 1) throw new Error(`batch ${batchId} changed under the job (expected ${done} processed pages)`);
          const codes = await allocateCopyCodes(tx, batch.examId, chunk.length);
          const copies = chunk.map((_, i) => ({
            id: crypto.randomUUID(),
            examId: batch.examId,
            batchId,
            state: "STAGING" as const,
            variant: options.variant ?? null,
            ...codes[i]!,
          }));
          await tx.copy.createMany({ data: copies });
          await tx.page.createMany({
            data: chunk.flatMap((c, i) =>
              c.pages.map((p, position) => ({
                copyId: copies[i]!.id,
                batchId,
                position,
                sourcePath: extracted.get(p.side)!,
                sourcePage: 0,
                rotation: p.rotation,
                half: p.half,
                widthPt: p.widthPt,
                heightPt: p.heightPt,
              })),
            ),
          });
          await notifyBatchProgress(tx, { examId: batch.examId, batchId, processed: end, total: info.pageCount, status: "PROCESSING" });
          await enqueuePageImages(tx, batch.examId); // images follow each chunk: the first copies are ready early
        },
        { timeout: 60_000 },
      );
      done = end;
      created += chunk.length;
    }
    await finish(ctx, batch, info.pageCount);
    log.info({ batchId, copies: created, pages: info.pageCount }, "batch split");
    return { status: "DONE", copies: created };
  } catch (e) {
    if (isLastAttempt) {
      const b = await ctx.db.scanBatch.findUnique({ where: { id: batchId } });
      if (b) await markFailed(ctx, b, `processing failed: ${(e as Error).message}`);
    }
    throw e;
  } finally {
    await pdf.forget(media.abs(found.storagePath));
    pdf.recycleAfter(Number(found.sizeBytes));
  }
}
