// Rubrics of an exam over HTTP: read, preview a change set, apply it, undo the last one.
import { Router } from "express";
import { ExamIdParam } from "../exams/exam-schema.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { RubricChangeInput, RubricUndoInput } from "./rubric-change-schema.ts";
import type { RubricService } from "./rubric-service.ts";

export function rubricRoutes(rubrics: RubricService): Router {
  const r = Router();
  r.get("/exams/:id/rubric", async (req, res) => {
    const { id } = parse(ExamIdParam, req.params);
    res.json({ rubric: await rubrics.current(requireActor(req), id) });
  });
  r.post("/exams/:id/rubric/preview", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(ExamIdParam, req.params);
    res.json({ preview: await rubrics.preview(actor, id, parse(RubricChangeInput, req.body)) });
  });
  r.post("/exams/:id/rubric/apply", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(ExamIdParam, req.params);
    res.json(await rubrics.apply(actor, id, parse(RubricChangeInput, req.body), auditContext(req)));
  });
  r.post("/exams/:id/rubric/undo", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(ExamIdParam, req.params);
    res.json(await rubrics.undo(actor, id, parse(RubricUndoInput, req.body), auditContext(req)));
  });
  return r;
}
