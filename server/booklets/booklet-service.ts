// Printing booklets (a run reserves its copies' numbers and anonymous codes, and binds named
// booklets to their students), the run's PDF, and what the scans brought back: booklets scanned,
// complete or missing which pages, pages set aside with their reason.
import type { BookletSummary, PrintedRun, PrintRequest } from "../../collab/contract/api/booklets.ts";
import fs from "node:fs/promises";
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { AppContext } from "../context.ts";
import { findEditableExam, findExam } from "../exams/exam-lookup.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import { allocateCopyCodes } from "../intake/copy-seq.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { MediaStore } from "../storage/media-store.ts";
import { newBookletSecret, newBookletToken } from "./booklet-code.ts";
import type { PrintedBooklet } from "./booklet-pdf.ts";
// booklet-pdf.ts (pdf-lib, qrcode) is loaded when booklets are printed, not with every server
const bookletPdf = () => import("./booklet-pdf.ts");
import { missingPages } from "./place-pages.ts";

/** Pages of a booklet printed on the subject: beyond this the subject is not an answer booklet. */
export const MAX_TEMPLATE_PAGES = 60;

export type { BookletSummary, PrintedRun };

export class BookletService {
  private readonly media: MediaStore;

  constructor(private readonly ctx: AppContext) {
    this.media = new MediaStore(ctx.config.mediaDir);
  }

  private async subject(examId: string): Promise<Uint8Array> {
    const doc = await this.ctx.db.examDocument.findFirst({ where: { examId, kind: "SUBJECT" }, orderBy: { createdAt: "desc" } });
    if (!doc) throw new AppError("NO_SUBJECT", "This exam has no subject PDF: upload one, or print blank pages");
    return fs.readFile(this.media.abs(doc.storagePath));
  }

  async print(actor: Actor, examId: string, req: PrintRequest, audit: AuditContext): Promise<PrintedRun> {
    authorize(actor, "booklet.print");
    await findEditableExam(this.ctx.db, examId);
    const pageCount = req.template === "subject" ? await (await bookletPdf()).templatePageCount(await this.subject(examId)) : req.pageCount!;
    if (pageCount > MAX_TEMPLATE_PAGES) throw new AppError("UNPROCESSABLE", `The subject has ${pageCount} pages: a booklet has at most ${MAX_TEMPLATE_PAGES}`);
    const students = req.mode === "named" ? await this.students(req.studentIds ?? [], req.classNames ?? []) : [];
    if (req.mode === "named" && students.length === 0 && req.extraSheets === 0) throw new AppError("UNPROCESSABLE", "No student matches these ids or classes");
    const result = await this.ctx.db.$transaction(async (tx) => {
      const exam = await tx.exam.findUniqueOrThrow({ where: { id: examId }, select: { bookletSecret: true } });
      if (!exam.bookletSecret) await tx.exam.update({ where: { id: examId }, data: { bookletSecret: newBookletSecret() } });
      // one run at a time per exam: the run number and the named students' check stay consistent
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('booklet-run'), hashtext(${examId}))`;
      const last = await tx.booklet.aggregate({ where: { examId }, _max: { run: true } });
      const run = (last._max.run ?? 0) + 1;
      const already = new Set(
        students.length
          ? (await tx.booklet.findMany({ where: { examId, studentId: { in: students.map((s) => s.id) } }, select: { studentId: true } })).map(
              (b) => b.studentId,
            )
          : [],
      );
      const named = students.filter((s) => !already.has(s.id));
      const count = req.mode === "named" ? named.length : (req.count ?? 0);
      const codes = await allocateCopyCodes(tx, examId, count);
      await tx.booklet.createMany({
        data: [
          ...codes.map((c, i) => ({
            examId,
            token: newBookletToken(),
            kind: "COPY" as const,
            run,
            seq: c.seq,
            anonymousCode: c.anonymousCode,
            studentId: named[i]?.id ?? null,
            pageCount,
            blankPages: req.template === "blank",
            createdById: actor.id,
          })),
          ...Array.from({ length: req.extraSheets }, () => ({
            examId,
            token: newBookletToken(),
            kind: "EXTRA" as const,
            run,
            pageCount: 1,
            createdById: actor.id,
          })),
        ],
      });
      await recordAudit(tx, audit, {
        action: "booklets.printed",
        targetType: "exam",
        targetId: examId,
        details: { run, mode: req.mode, booklets: count, extraSheets: req.extraSheets, pageCount, template: req.template },
      });
      return { run, booklets: count, extraSheets: req.extraSheets, pageCount, skipped: students.length - named.length };
    });
    return { ...result, pdfUrl: `/api/exams/${examId}/booklets/runs/${result.run}/pdf` };
  }

  private async students(ids: string[], classNames: string[]) {
    const rows = await this.ctx.db.student.findMany({
      where: { OR: [{ id: { in: ids } }, { className: { in: classNames } }] },
      select: { id: true, lastName: true, firstName: true, className: true },
      orderBy: [{ className: "asc" }, { lastName: "asc" }, { firstName: "asc" }],
    });
    if (ids.length && ids.some((id) => !rows.some((r) => r.id === id))) throw notFound("Student");
    return rows;
  }

  /** The printable PDF of one run (built again on each download: same codes, same pages). */
  async runPdf(actor: Actor, examId: string, run: number): Promise<{ bytes: Uint8Array; fileName: string }> {
    authorize(actor, "booklet.read");
    const exam = await findExam(this.ctx.db, examId);
    const rows = await this.ctx.db.booklet.findMany({
      where: { examId, run },
      orderBy: [{ kind: "asc" }, { seq: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      select: {
        token: true,
        kind: true,
        pageCount: true,
        blankPages: true,
        anonymousCode: true,
        student: { select: { lastName: true, firstName: true, className: true } },
      },
    });
    if (!rows.length || !exam.bookletSecret) throw notFound("Print run");
    const template = rows.some((r) => r.kind === "COPY" && !r.blankPages) ? await this.subject(examId) : null;
    const booklets: PrintedBooklet[] = rows.map((r) => ({
      token: r.token,
      kind: r.kind,
      pageCount: r.pageCount,
      anonymousCode: r.anonymousCode,
      student: r.student ? { name: `${r.student.lastName} ${r.student.firstName}`, className: r.student.className } : null,
    }));
    const bytes = await (await bookletPdf()).buildBookletPdf({ secret: exam.bookletSecret, examTitle: exam.title, template, booklets });
    return { bytes, fileName: `livrets-${run}.pdf` };
  }

  async summary(actor: Actor, examId: string): Promise<BookletSummary> {
    authorize(actor, "booklet.read");
    await findExam(this.ctx.db, examId);
    const db = this.ctx.db;
    const [runs, copies, loose] = await Promise.all([
      db.$queryRaw<Array<{ run: number; booklets: number; extra: number; named: number; pageCount: number; createdAt: Date }>>`
        SELECT run, count(*) FILTER (WHERE kind = 'COPY')::int AS booklets, count(*) FILTER (WHERE kind = 'EXTRA')::int AS extra,
               count("studentId")::int AS named, max("pageCount") FILTER (WHERE kind = 'COPY')::int AS "pageCount", min("createdAt") AS "createdAt"
          FROM "Booklet" WHERE "examId" = ${examId}::uuid GROUP BY run ORDER BY run`,
      db.$queryRaw<Array<{ copyId: string | null; anonymousCode: string; pageCount: number; present: number[] | null }>>`
        SELECT b."copyId", b."anonymousCode", b."pageCount",
               array_agg(DISTINCT p."bookletPage") FILTER (WHERE p."bookletPage" IS NOT NULL) AS present
          FROM "Booklet" b LEFT JOIN "Page" p ON p."copyId" = b."copyId"
         WHERE b."examId" = ${examId}::uuid AND b.kind = 'COPY'
         GROUP BY b.id ORDER BY b.seq`,
      db.$queryRaw<Array<{ reason: string; pages: number }>>`
        SELECT split_part(p."looseReason", ':', 1) AS reason, count(*)::int AS pages
          FROM "Page" p JOIN "ScanBatch" s ON s.id = p."batchId"
         WHERE s."examId" = ${examId}::uuid AND p."copyId" IS NULL AND p."looseReason" IS NOT NULL
         GROUP BY 1 ORDER BY 1`,
    ]);
    const scanned = copies.filter((c) => c.copyId);
    const incomplete = scanned
      .map((c) => ({ copyId: c.copyId!, anonymousCode: c.anonymousCode, missing: missingPages(c.pageCount, c.present ?? []) }))
      .filter((c) => c.missing.length > 0);
    return {
      runs: runs.map((r) => ({
        run: r.run,
        booklets: r.booklets,
        extraSheets: r.extra,
        named: r.named > 0,
        pageCount: r.pageCount ?? 1,
        createdAt: r.createdAt.toISOString(),
        pdfUrl: `/api/exams/${examId}/booklets/runs/${r.run}/pdf`,
      })),
      booklets: copies.length,
      scanned: scanned.length,
      complete: scanned.length - incomplete.length,
      incomplete,
      loosePages: loose,
    };
  }
}
