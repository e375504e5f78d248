// QR-coded booklets: print a run, download its PDF, see what the scans brought back.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { ExamIdParam } from "../exams/exam-schema.ts";
import { contentDisposition } from "../exports/content-disposition.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { RunParam } from "./booklet-schema.ts";
import { BookletService } from "./booklet-service.ts";

export function bookletRoutes(ctx: AppContext): Router {
  const booklets = new BookletService(ctx);
  const r = Router();
  r.post("/exams/:id/booklets", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(ExamIdParam, req.params);
    res.status(201).json(await booklets.print(actor, id, req.body, auditContext(req)));
  });
  r.get("/exams/:id/booklets", async (req, res) => {
    const { id } = parse(ExamIdParam, req.params);
    res.json(await booklets.summary(requireActor(req), id));
  });
  r.get("/exams/:id/booklets/runs/:run/pdf", async (req, res) => {
    const { id, run } = parse(RunParam, req.params);
    const pdf = await booklets.runPdf(requireActor(req), id, run);
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Disposition", contentDisposition("attachment", pdf.fileName));
    res.setHeader("Cache-Control", "private, no-store");
    res.end(Buffer.from(pdf.bytes));
  });
  return r;
}
