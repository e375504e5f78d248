// The stapler (admin, before validation) and validation of STAGING copies.
import { Router, type Request } from "express";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { DeleteCopyInput, MergeInput, MovePageInput, NewCopyInput, ReorderInput, RotateInput, SplitInput, ValidateInput } from "./stapler-schema.ts";
import { StaplerService } from "./stapler-service.ts";
import { loosePagePdf } from "./loose-page-pdf.ts";
import { sendCachedPdf } from "./pdf-response.ts";
import { MediaStore } from "../storage/media-store.ts";
import { validateCopies } from "./validate-service.ts";

const ExamParam = z.strictObject({ id: z.uuid() });
const LoosePageParams = z.strictObject({ id: z.uuid(), pageId: z.uuid() });

export function staplerRoutes(ctx: AppContext): Router {
  const stapler = new StaplerService(ctx.db);
  const media = new MediaStore(ctx.config.mediaDir);
  const r = Router();
  const examOf = (req: Request) => parse(ExamParam, req.params).id;
  const answer = async (req: Request, run: () => Promise<unknown>) => ({
    ...((await run()) ?? {}),
    stapler: await stapler.view(requireActor(req), examOf(req)),
  });

  r.get("/exams/:id/stapler", async (req, res) => {
    res.json({ stapler: await stapler.view(requireActor(req), examOf(req)) });
  });
  r.get("/exams/:id/stapler/pages/:pageId/pdf", async (req, res) => {
    const { id, pageId } = parse(LoosePageParams, req.params);
    await sendCachedPdf(req, res, await loosePagePdf(ctx.db, media, requireActor(req), id, pageId));
  });
  r.post("/exams/:id/stapler/move-page", async (req, res) => {
    res.json(await answer(req, () => stapler.movePage(requireActor(req), examOf(req), parse(MovePageInput, req.body), auditContext(req))));
  });
  r.post("/exams/:id/stapler/merge", async (req, res) => {
    res.json(await answer(req, () => stapler.merge(requireActor(req), examOf(req), parse(MergeInput, req.body), auditContext(req))));
  });
  r.post("/exams/:id/stapler/split", async (req, res) => {
    res.json(await answer(req, () => stapler.split(requireActor(req), examOf(req), parse(SplitInput, req.body), auditContext(req))));
  });
  r.post("/exams/:id/stapler/reorder", async (req, res) => {
    res.json(await answer(req, () => stapler.reorder(requireActor(req), examOf(req), parse(ReorderInput, req.body), auditContext(req))));
  });
  r.post("/exams/:id/stapler/rotate", async (req, res) => {
    res.json(await answer(req, () => stapler.rotate(requireActor(req), examOf(req), parse(RotateInput, req.body), auditContext(req))));
  });
  r.post("/exams/:id/stapler/new-copy", async (req, res) => {
    res.json(await answer(req, () => stapler.newCopy(requireActor(req), examOf(req), parse(NewCopyInput, req.body), auditContext(req))));
  });
  r.post("/exams/:id/stapler/delete-copy", async (req, res) => {
    res.json(await answer(req, () => stapler.deleteCopy(requireActor(req), examOf(req), parse(DeleteCopyInput, req.body), auditContext(req))));
  });
  r.post("/exams/:id/validate", async (req, res) => {
    const { batchId } = parse(ValidateInput, req.body ?? {});
    res.json(await validateCopies(ctx.db, requireActor(req), examOf(req), batchId, auditContext(req)));
  });
  return r;
}
