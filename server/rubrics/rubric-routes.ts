// Rubrics of an exam over HTTP.
import { Router } from "express";
import { ExamIdParam } from "../exams/exam-schema.ts";
import { requireActor } from "../http/request-context.ts";
import { parse } from "../http/validate.ts";
import type { RubricService } from "./rubric-service.ts";

export function rubricRoutes(rubrics: RubricService): Router {
  const r = Router();
  r.get("/exams/:id/rubric", async (req, res) => {
    const { id } = parse(ExamIdParam, req.params);
    res.json({ rubric: await rubrics.current(requireActor(req), id) });
  });
  return r;
}
