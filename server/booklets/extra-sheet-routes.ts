// Extra answer sheets in the stapler: find the copy named on the sheet, attach, detach (undo).
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { ExamIdParam } from "../exams/exam-schema.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { StaplerService } from "../intake/stapler-service.ts";
import { AttachExtraSheetInput, CopySuggestionQuery, DetachExtraSheetInput } from "./extra-sheet-schema.ts";
import { ExtraSheetService } from "./extra-sheet-service.ts";

export function extraSheetRoutes(ctx: AppContext): Router {
  const sheets = new ExtraSheetService(ctx.db);
  const stapler = new StaplerService(ctx.db);
  const r = Router();
  r.get("/exams/:id/stapler/copy-suggestions", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(ExamIdParam, req.params);
    res.json({ copies: await sheets.suggestions(actor, id, parse(CopySuggestionQuery, req.query).q) });
  });
  // both answer the stapler as it now is, like every stapler operation
  r.post("/exams/:id/stapler/attach-extra", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(ExamIdParam, req.params);
    const out = await sheets.attach(actor, id, parse(AttachExtraSheetInput, req.body), auditContext(req));
    res.json({ ...out, stapler: await stapler.view(actor, id) });
  });
  r.post("/exams/:id/stapler/detach-extra", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(ExamIdParam, req.params);
    const out = await sheets.detach(actor, id, parse(DetachExtraSheetInput, req.body), auditContext(req));
    res.json({ ...out, stapler: await stapler.view(actor, id) });
  });
  return r;
}
