// Exam documents (subject, answer key …): PDF only, size-capped, checked like scans, stored
// content-addressed; graders of the exam may read them.
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { MAX_DOCUMENT_BYTES } from "../../collab/contract/api/exams.ts";
import { ExamDocumentKind } from "../../collab/contract/common.ts";
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { AppContext } from "../context.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import { parse } from "../errors/validate.ts";
import { sharedPdfChild } from "../intake/pdf-inspect.ts";
import { pdfError } from "../intake/pdf-problem.ts";
import { discardFiles, receiveUpload } from "../intake/upload-stream.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { MediaStore } from "../storage/media-store.ts";
import { findEditableExam, findExam, isGraderOfExam } from "./exam-lookup.ts";

const DocumentFields = z.strictObject({ kind: ExamDocumentKind });
type DocumentKind = z.infer<typeof ExamDocumentKind>;

export interface DocumentView {
  id: string;
  examId: string;
  kind: DocumentKind;
  originalName: string;
  sha256: string;
  sizeBytes: number;
  pageCount: number | null;
  createdAt: string;
  url: string;
}

const toView = (d: {
  id: string;
  examId: string;
  kind: DocumentKind;
  originalName: string;
  sha256: string;
  sizeBytes: number;
  createdAt: Date;
}): DocumentView => ({
  id: d.id,
  examId: d.examId,
  kind: d.kind,
  originalName: d.originalName,
  sha256: d.sha256,
  sizeBytes: d.sizeBytes,
  pageCount: null,
  createdAt: d.createdAt.toISOString(),
  url: `/api/exams/${d.examId}/documents/${d.id}/pdf`,
});

export class DocumentService {
  private readonly media: MediaStore;

  constructor(private readonly ctx: AppContext) {
    this.media = new MediaStore(ctx.config.mediaDir);
  }

  async upload(actor: Actor, examId: string, req: IncomingMessage, audit: AuditContext): Promise<DocumentView> {
    authorize(actor, "document.upload");
    await findEditableExam(this.ctx.db, examId);
    const maxBytes = Math.min(MAX_DOCUMENT_BYTES, this.ctx.config.maxUploadBytes);
    const received = await receiveUpload(req, this.media, { maxBytes, maxFiles: 1, fileField: "file" });
    const pdf = sharedPdfChild(this.ctx);
    try {
      const { kind } = parse(DocumentFields, received.fields);
      const file = received.files[0];
      if (!file) throw new AppError("VALIDATION_FAILED", 'Attach the PDF in the field "file"');
      const inspected = await pdf.inspect(file.tmpPath);
      if (!inspected.ok) throw pdfError(inspected, file.originalName);
      const rel = await this.media.adopt("documents", file.tmpPath, file.sha256, "pdf");
      const doc = await this.ctx.db.$transaction(async (tx) => {
        const d = await tx.examDocument.create({
          data: { examId, kind, originalName: file.originalName, sha256: file.sha256, sizeBytes: file.size, mimeType: "application/pdf", storagePath: rel },
        });
        await recordAudit(tx, audit, {
          action: "exam.document_uploaded",
          targetType: "exam",
          targetId: examId,
          details: { documentId: d.id, kind, name: d.originalName },
        });
        return d;
      });
      return { ...toView(doc), pageCount: inspected.pageCount };
    } finally {
      await discardFiles(received.files);
    }
  }

  async list(actor: Actor, examId: string): Promise<DocumentView[]> {
    await findExam(this.ctx.db, examId);
    authorize(actor, "exam.readMaterial", { assigned: await isGraderOfExam(this.ctx.db, actor.id, examId) });
    const docs = await this.ctx.db.examDocument.findMany({ where: { examId }, orderBy: { createdAt: "asc" } });
    return docs.map(toView);
  }

  /** The file to stream, after the access check. */
  async open(actor: Actor, examId: string, documentId: string): Promise<{ abs: string; sha256: string; originalName: string }> {
    await findExam(this.ctx.db, examId);
    authorize(actor, "exam.readMaterial", { assigned: await isGraderOfExam(this.ctx.db, actor.id, examId) });
    const d = await this.ctx.db.examDocument.findFirst({ where: { id: documentId, examId } });
    if (!d) throw notFound("Document");
    return { abs: this.media.abs(d.storagePath), sha256: d.sha256, originalName: d.originalName };
  }

  async remove(actor: Actor, examId: string, documentId: string, audit: AuditContext): Promise<void> {
    authorize(actor, "document.delete");
    await this.ctx.db.$transaction(async (tx) => {
      await findEditableExam(tx, examId);
      const d = await tx.examDocument.findFirst({ where: { id: documentId, examId } });
      if (!d) throw notFound("Document");
      await tx.examDocument.delete({ where: { id: d.id } });
      await recordAudit(tx, audit, { action: "exam.document_deleted", targetType: "exam", targetId: examId, details: { documentId, name: d.originalName } });
    });
  }
}
