// Question regions over HTTP (grading by question): GET for staff and the exam's graders, PUT for
// the office and supervisors.
import { Router } from "express";
import { ExamIdParam } from "../exams/exam-schema.ts";
import { requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { RegionsPutSchema } from "./region-schema.ts";
import type { RegionService } from "./region-service.ts";

export function regionRoutes(regions: RegionService): Router {
  const r = Router();
  r.get("/exams/:id/regions", async (req, res) => {
    const { id } = parse(ExamIdParam, req.params);
    res.json(await regions.read(requireActor(req), id));
  });
  r.put("/exams/:id/regions", async (req, res) => {
    const { id } = parse(ExamIdParam, req.params);
    res.json(await regions.replace(requireActor(req), id, parse(RegionsPutSchema, req.body)));
  });
  return r;
}
