// Exams: list, create, read, edit, archive / unarchive.
import { Router } from "express";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { CreateExamInput, ExamIdParam, ListExamsQuery, UpdateExamInput } from "./exam-schema.ts";
import type { ExamService } from "./exam-service.ts";

export function examRoutes(exams: ExamService): Router {
  const r = Router();
  r.get("/exams", async (req, res) => {
    const { archived } = parse(ListExamsQuery, req.query);
    res.json({ exams: await exams.list(requireActor(req), archived) });
  });
  r.post("/exams", async (req, res) => {
    const actor = requireActor(req);
    res.status(201).json({ exam: await exams.create(actor, parse(CreateExamInput, req.body), auditContext(req)) });
  });
  r.get("/exams/:id", async (req, res) => {
    const { id } = parse(ExamIdParam, req.params);
    res.json({ exam: await exams.get(requireActor(req), id) });
  });
  r.patch("/exams/:id", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(ExamIdParam, req.params);
    res.json({ exam: await exams.update(actor, id, parse(UpdateExamInput, req.body), auditContext(req)) });
  });
  r.post("/exams/:id/archive", async (req, res) => {
    const { id } = parse(ExamIdParam, req.params);
    res.json({ exam: await exams.setArchived(requireActor(req), id, true, auditContext(req)) });
  });
  r.post("/exams/:id/unarchive", async (req, res) => {
    const { id } = parse(ExamIdParam, req.params);
    res.json({ exam: await exams.setArchived(requireActor(req), id, false, auditContext(req)) });
  });
  return r;
}
