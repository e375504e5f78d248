// Exports of an exam: checks and the audit entry come first (before any byte is sent, so a refusal
// is a proper HTTP error), then the body is produced lazily by the stream functions.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import type { MediaStore } from "../storage/media-store.ts";
import { loadExamMarks } from "../supervision/exam-marks.ts";
import { loadExamQuestions } from "../supervision/exam-questions.ts";
import { sharedFrozenDocs } from "../supervision/frozen-docs.ts";
import type { ExportDeps } from "./export-deps.ts";
import { itemsCsv } from "./items-csv.ts";
import { marksCsv } from "./marks-csv.ts";
import { asciiPart } from "./pdf-zip.ts";
import { pronoteCsv } from "./pronote-csv.ts";

export type MarksFormat = "standard" | "pronote";

export interface CsvExport {
  readonly fileName: string;
  readonly body: AsyncIterable<string>;
}

export class ExportService {
  readonly deps: ExportDeps;

  constructor(
    db: Db,
    pool: Queryable,
    readonly media: MediaStore,
    batchSize?: number,
  ) {
    this.deps = { db, pool, frozen: sharedFrozenDocs, batchSize };
  }

  async marks(actor: Actor, examId: string, format: MarksFormat, audit: AuditContext): Promise<CsvExport> {
    authorize(actor, "export.marks");
    const exam = await this.exam(examId);
    const marks = await loadExamMarks(this.deps.db, this.deps.pool, examId);
    await recordAudit(this.deps.db, audit, { action: `export.marks.${format}`, targetType: "Exam", targetId: examId });
    const suffix = format === "pronote" ? "pronote" : "notes";
    return {
      fileName: `${baseName(exam.title)}_${suffix}.csv`,
      body: format === "pronote" ? pronoteCsv(this.deps, examId, marks) : marksCsv(this.deps, examId, marks),
    };
  }

  /** Rubric items applied per copy and question (one row per item or adjustment). */
  async items(actor: Actor, examId: string, audit: AuditContext): Promise<CsvExport> {
    authorize(actor, "export.marks");
    const exam = await this.exam(examId);
    const questions = await loadExamQuestions(this.deps.db, examId);
    await recordAudit(this.deps.db, audit, { action: "export.items", targetType: "Exam", targetId: examId });
    return { fileName: `${baseName(exam.title)}_items.csv`, body: itemsCsv(this.deps.pool, examId, questions) };
  }

  /** Checks and audits a ZIP export; the caller then streams it with writePdfZip. */
  async pdfZip(actor: Actor, examId: string, audit: AuditContext): Promise<{ fileName: string }> {
    authorize(actor, "export.pdfs");
    const exam = await this.exam(examId);
    await recordAudit(this.deps.db, audit, { action: "export.pdfs", targetType: "Exam", targetId: examId });
    return { fileName: `${baseName(exam.title)}_copies.zip` };
  }

  private async exam(examId: string) {
    const exam = await this.deps.db.exam.findUnique({ where: { id: examId }, select: { id: true, title: true } });
    if (!exam) throw new AppError("NOT_FOUND", "Exam not found");
    return exam;
  }
}

const baseName = (title: string) => asciiPart(title) || "examen";
