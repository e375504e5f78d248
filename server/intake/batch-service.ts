// Scan batches: upload (streamed, checked, stored content-addressed, split job enqueued in the
// same transaction), list, read, retry a failed one, delete one whose copies are still STAGING.
import type { IncomingMessage } from "node:http";
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { AppContext } from "../context.ts";
import type { Prisma } from "../db/client.ts";
import { findEditableExam, findExam } from "../exams/exam-lookup.ts";
import { assertScaleVariant } from "../exams/scale-variants.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import { parse } from "../errors/validate.ts";
import { enqueueJob } from "../jobs/enqueue.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { MediaStore } from "../storage/media-store.ts";
import { resolveOptions, UploadFields } from "./batch-options.ts";
import { toBatchView, type BatchView } from "./batch-view.ts";
import { imagesProgress } from "../imaging/images-progress.ts";
import { deleteUnreferencedImages, imagePathsOfBatch } from "../imaging/delete-images.ts";
import { copyPdfPaths, removeCopyPdfs } from "../imaging/sweep-copy-pdfs.ts";
import { sharedPdfChild, type PdfChild } from "./pdf-inspect.ts";
import { consumeOrThrow } from "./rate-limit.ts";
import { pdfError } from "./pdf-problem.ts";
import { splitBatchJob } from "./split-batch-job.ts";
import { discardFiles, receiveUpload, type ReceivedFile } from "./upload-stream.ts";

export const MAX_FILES_PER_UPLOAD = 500;
const WITH_COUNT = { _count: { select: { copies: true } } } as const;

export class BatchService {
  private readonly media: MediaStore;
  private readonly limiter;

  constructor(private readonly ctx: AppContext) {
    this.media = new MediaStore(ctx.config.mediaDir);
    this.limiter = ctx.limiters({ keyPrefix: "intake-upload", points: 120, durationSec: 3600 });
  }

  async upload(actor: Actor, examId: string, req: IncomingMessage, audit: AuditContext): Promise<BatchView[]> {
    authorize(actor, "batch.upload");
    await findEditableExam(this.ctx.db, examId);
    await consumeOrThrow(this.limiter, actor.id, "uploads");
    const pdf = sharedPdfChild(this.ctx);
    pdf.warm(); // starts while the file streams in
    const received = await receiveUpload(req, this.media, { maxBytes: this.ctx.config.maxUploadBytes, maxFiles: MAX_FILES_PER_UPLOAD, fileField: "files" });
    try {
      const fields = parse(UploadFields, received.fields);
      if (received.files.length === 0) throw new AppError("VALIDATION_FAILED", 'Attach at least one PDF in the field "files"');
      const options = resolveOptions(fields.mode, { ...fields.options, ...(fields.variant ? { variant: fields.variant } : {}) });
      await assertScaleVariant(this.ctx.db, examId, options.variant ?? null);
      const pageCounts = await this.inspectAll(pdf, received.files);
      pdf.recycleAfter(Math.max(...received.files.map((f) => f.size)));
      if (fields.allowDuplicate !== "true") await this.refuseDuplicates(examId, received.files);
      const stored: Array<{ file: ReceivedFile; rel: string }> = [];
      for (const f of received.files) stored.push({ file: f, rel: await this.media.adopt("scans", f.tmpPath, f.sha256, "pdf") });
      return await this.ctx.db.$transaction(async (tx) => {
        const views: BatchView[] = [];
        for (const [i, s] of stored.entries()) {
          const b = await tx.scanBatch.create({
            data: {
              examId,
              mode: fields.mode,
              pagesPerCopy: fields.mode === "SPLIT_EVERY_N" ? fields.pagesPerCopy! : null,
              options: options as Prisma.InputJsonValue,
              originalName: s.file.originalName,
              sha256: s.file.sha256,
              sizeBytes: BigInt(s.file.size),
              storagePath: s.rel,
              totalPages: pageCounts[i]!,
              uploadedById: actor.id,
            },
            include: WITH_COUNT,
          });
          await enqueueJob(tx, splitBatchJob, { batchId: b.id }, { jobKey: `intake-split:${b.id}` });
          await recordAudit(tx, audit, {
            action: "batch.uploaded",
            targetType: "batch",
            targetId: b.id,
            details: {
              examId,
              mode: b.mode,
              name: b.originalName,
              pages: b.totalPages,
              bytes: s.file.size,
              ...(options.variant ? { variant: options.variant } : {}),
            },
          });
          views.push(toBatchView(b));
        }
        return views;
      });
    } finally {
      await discardFiles(received.files); // adopted files were moved away: only leftovers go
    }
  }

  async list(actor: Actor, examId: string): Promise<BatchView[]> {
    authorize(actor, "batch.read");
    await findExam(this.ctx.db, examId);
    const rows = await this.ctx.db.scanBatch.findMany({ where: { examId }, include: WITH_COUNT, orderBy: { createdAt: "asc" } });
    const images = await imagesProgress(
      this.ctx.db,
      rows.map((b) => b.id),
    );
    return rows.map((b) => ({ ...toBatchView(b), images: images.get(b.id)! }));
  }

  async get(actor: Actor, examId: string, batchId: string): Promise<BatchView> {
    authorize(actor, "batch.read");
    const b = await this.ctx.db.scanBatch.findFirst({ where: { id: batchId, examId }, include: WITH_COUNT });
    if (!b) throw notFound("Batch");
    const images = await imagesProgress(this.ctx.db, [b.id]);
    return { ...toBatchView(b), images: images.get(b.id)! };
  }

  async retry(actor: Actor, examId: string, batchId: string, audit: AuditContext): Promise<BatchView> {
    authorize(actor, "batch.manage");
    return this.ctx.db.$transaction(async (tx) => {
      const b = await tx.scanBatch.findFirst({ where: { id: batchId, examId } });
      if (!b) throw notFound("Batch");
      if (b.status !== "FAILED") throw new AppError("INVALID_STATE", "Only a failed batch can be retried");
      const updated = await tx.scanBatch.update({ where: { id: batchId }, data: { status: "UPLOADED", error: null }, include: WITH_COUNT });
      await enqueueJob(tx, splitBatchJob, { batchId }, { jobKey: `intake-split:${batchId}` });
      await recordAudit(tx, audit, { action: "batch.retried", targetType: "batch", targetId: batchId });
      return toBatchView(updated);
    });
  }

  /** Removes a batch and its copies while they are all STAGING and hold only this batch's pages. */
  async remove(actor: Actor, examId: string, batchId: string, audit: AuditContext): Promise<void> {
    authorize(actor, "batch.manage");
    const images = await this.ctx.db.$transaction(async (tx) => {
      const b = await tx.scanBatch.findFirst({ where: { id: batchId, examId } });
      if (!b) throw notFound("Batch");
      if (b.status === "PROCESSING" || b.status === "UPLOADED")
        throw new AppError("INVALID_STATE", "This batch is being processed: wait until it is done or failed");
      const pageCopies = await tx.page.findMany({
        where: { batchId },
        select: { copy: { select: { id: true, batchId: true, state: true } } },
        distinct: ["copyId"],
      });
      const foreign = await tx.page.count({ where: { copy: { batchId }, NOT: { batchId } } });
      if (pageCopies.some((p) => p.copy && (p.copy.state !== "STAGING" || p.copy.batchId !== batchId)) || foreign > 0) {
        throw new AppError("INVALID_STATE", "Some copies of this batch were validated or mixed with other batches by the stapler: fix them first");
      }
      const copies = await tx.copy.findMany({ where: { batchId }, select: { id: true } });
      const copyIds = copies.map((c) => c.id);
      if (copyIds.length) {
        const held = await tx.copy.count({ where: { id: { in: copyIds }, OR: [{ studentId: { not: null } }, { assignments: { some: {} } }] } });
        if (held) throw new AppError("INVALID_STATE", "Some copies of this batch are already identified: unlink them first");
      }
      const imagePaths = await imagePathsOfBatch(tx, batchId);
      const pdfPaths = await copyPdfPaths(tx, this.media, copyIds);
      await tx.page.deleteMany({ where: { batchId } }); // their image rows go with them (cascade)
      await tx.copy.deleteMany({ where: { id: { in: copyIds } } });
      await tx.scanBatch.delete({ where: { id: batchId } });
      await recordAudit(tx, audit, {
        action: "batch.deleted",
        targetType: "batch",
        targetId: batchId,
        details: { examId, name: b.originalName, copies: copyIds.length },
      });
      return { imagePaths, pdfPaths };
    });
    // after commit: a rollback keeps them
    await deleteUnreferencedImages(this.ctx.db, this.media, images.imagePaths);
    await removeCopyPdfs(this.media, images.pdfPaths);
  }

  private async inspectAll(pdf: PdfChild, files: ReceivedFile[]): Promise<number[]> {
    const counts: number[] = [];
    const problems = [];
    for (const f of files) {
      const r = await pdf.inspect(f.tmpPath);
      if (r.ok) counts.push(r.pageCount);
      else problems.push({ file: f.originalName, code: r.code, message: r.message });
    }
    const first = problems[0];
    if (first) throw pdfError(first, first.file, { problems, refused: problems.length, of: files.length });
    return counts;
  }

  private async refuseDuplicates(examId: string, files: ReceivedFile[]): Promise<void> {
    const seen = new Map<string, string>();
    for (const f of files) {
      const earlier = seen.get(f.sha256);
      if (earlier) throw new AppError("DUPLICATE_UPLOAD", `${f.originalName} is the same file as ${earlier}`, { file: f.originalName });
      seen.set(f.sha256, f.originalName);
    }
    const existing = await this.ctx.db.scanBatch.findFirst({
      where: { examId, sha256: { in: [...seen.keys()] } },
      select: { originalName: true, sha256: true, createdAt: true },
    });
    if (existing) {
      const name = files.find((f) => f.sha256 === existing.sha256)!.originalName;
      throw new AppError(
        "DUPLICATE_UPLOAD",
        `${name} was already uploaded for this exam (as ${existing.originalName}); send allowDuplicate=true to upload it again`,
        { file: name, existing: existing.originalName },
      );
    }
  }
}
