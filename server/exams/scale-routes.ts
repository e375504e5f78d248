// The grading scale of an exam: read (tree + totals), replace as a whole.
import { Router } from "express";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { ExamIdParam } from "./exam-schema.ts";
import { ScaleInput } from "./scale-schema.ts";
import type { ScaleService } from "./scale-service.ts";

export function scaleRoutes(scales: ScaleService): Router {
  const r = Router();
  r.get("/exams/:id/scale", async (req, res) => {
    const { id } = parse(ExamIdParam, req.params);
    res.json({ scale: await scales.get(requireActor(req), id) });
  });
  r.put("/exams/:id/scale", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(ExamIdParam, req.params);
    res.json({ scale: await scales.replace(actor, id, parse(ScaleInput, req.body), auditContext(req)) });
  });
  return r;
}
