// Dispatch (admin) and the graders' own lists.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { DispatchInput, ExamParam, GraderCopiesQuery } from "./dispatch-schema.ts";
import { DispatchService } from "./dispatch-service.ts";
import { GraderService } from "./grader-service.ts";

export function dispatchRoutes(ctx: AppContext): Router {
  const dispatch = new DispatchService(ctx.db);
  const grader = new GraderService(ctx.db, ctx.pool);
  const r = Router();
  r.get("/exams/:id/dispatch", async (req, res) => {
    const { id } = parse(ExamParam, req.params);
    res.json({ dispatch: await dispatch.summary(requireActor(req), id) });
  });
  r.post("/exams/:id/dispatch", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(ExamParam, req.params);
    res.json(await dispatch.dispatch(actor, id, parse(DispatchInput, req.body), auditContext(req)));
  });
  r.get("/grader/exams", async (req, res) => {
    res.json({ exams: await grader.exams(requireActor(req)) });
  });
  r.get("/grader/copies", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(GraderCopiesQuery, req.query);
    res.json({ copies: await grader.copies(actor, examId) });
  });
  return r;
}
