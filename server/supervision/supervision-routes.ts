// HTTP for the supervisor's dashboard; the live part is `exam:stats` on the /grading namespace.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { ExamIdParam } from "./supervision-schema.ts";
import { SupervisionService } from "./supervision-service.ts";

export function supervisionRoutes(ctx: AppContext): Router {
  const service = new SupervisionService(ctx.db, ctx.pool);
  const r = Router();
  r.get("/supervision/exams", async (req, res) => {
    res.json({ exams: await service.listExams(requireActor(req)) });
  });
  r.get("/supervision/exams/:examId/stats", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(ExamIdParam, req.params);
    res.json(await service.stats(actor, examId));
  });
  r.get("/supervision/exams/:examId/locks", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(ExamIdParam, req.params);
    res.json({ locks: await service.locks(actor, examId) });
  });
  return r;
}
