// HTTP for exports: marks as CSV (standard or Pronote), rubric items per copy as CSV and the final PDFs as a ZIP, all streamed
// with backpressure (pipeline pauses the reads when the client reads slowly).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Router, type Response } from "express";
import { exportsApi as api } from "../../collab/contract/api/exports.ts";
import type { AppContext } from "../context.ts";
import { handleRaw } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { MediaStore } from "../storage/media-store.ts";
import { contentDisposition } from "./content-disposition.ts";
import { ExportService, type MarksFormat } from "./export-service.ts";
import { writePdfZip } from "./pdf-zip.ts";

function downloadHeaders(res: Response, type: string, fileName: string): void {
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Disposition", contentDisposition("attachment", fileName));
  res.setHeader("Cache-Control", "private, no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
}

export function exportRoutes(ctx: AppContext): Router {
  const service = new ExportService(ctx.db, ctx.pool, new MediaStore(ctx.config.mediaDir));
  const r = Router();
  const marks = (spec: typeof api.marksCsv | typeof api.pronoteCsv, format: MarksFormat) =>
    handleRaw(r, spec, async ({ actor, params }, req, res) => {
      const out = await service.marks(actor, params.examId, format, auditContext(req));
      downloadHeaders(res, spec.response.file, out.fileName);
      await pipeline(Readable.from(out.body), res);
    });
  marks(api.marksCsv, "standard");
  marks(api.pronoteCsv, "pronote");
  handleRaw(r, api.itemsCsv, async ({ actor, params }, req, res) => {
    const out = await service.items(actor, params.examId, auditContext(req));
    downloadHeaders(res, api.itemsCsv.response.file, out.fileName);
    await pipeline(Readable.from(out.body), res);
  });
  handleRaw(r, api.copiesZip, async ({ actor, params }, req, res) => {
    const out = await service.pdfZip(actor, params.examId, auditContext(req));
    downloadHeaders(res, api.copiesZip.response.file, out.fileName);
    await writePdfZip(service.deps, service.media, params.examId, res);
  });
  return r;
}
