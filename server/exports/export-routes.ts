// HTTP for exports: marks as CSV (standard or Pronote), rubric items per copy as CSV and the final PDFs as a ZIP, all streamed
// with backpressure (pipeline pauses the reads when the client reads slowly).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { MediaStore } from "../storage/media-store.ts";
import { contentDisposition } from "./content-disposition.ts";
import { ExportService, type MarksFormat } from "./export-service.ts";
import { writePdfZip } from "./pdf-zip.ts";

const ExamIdParam = z.strictObject({ examId: z.uuid() });

function downloadHeaders(res: Response, type: string, fileName: string): void {
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Disposition", contentDisposition("attachment", fileName));
  res.setHeader("Cache-Control", "private, no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
}

export function exportRoutes(ctx: AppContext): Router {
  const service = new ExportService(ctx.db, ctx.pool, new MediaStore(ctx.config.mediaDir));
  const r = Router();
  const marks = (format: MarksFormat) => async (req: Request, res: Response) => {
    const actor = requireActor(req);
    const { examId } = parse(ExamIdParam, req.params);
    const out = await service.marks(actor, examId, format, auditContext(req));
    downloadHeaders(res, "text/csv; charset=utf-8", out.fileName);
    await pipeline(Readable.from(out.body), res);
  };
  r.get("/exports/exams/:examId/marks.csv", marks("standard"));
  r.get("/exports/exams/:examId/pronote.csv", marks("pronote"));
  r.get("/exports/exams/:examId/items.csv", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(ExamIdParam, req.params);
    const out = await service.items(actor, examId, auditContext(req));
    downloadHeaders(res, "text/csv; charset=utf-8", out.fileName);
    await pipeline(Readable.from(out.body), res);
  });
  r.get("/exports/exams/:examId/copies.zip", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(ExamIdParam, req.params);
    const out = await service.pdfZip(actor, examId, auditContext(req));
    downloadHeaders(res, "application/zip", out.fileName);
    await writePdfZip(service.deps, service.media, examId, res);
  });
  return r;
}
