// HTTP for regrade requests: the student's (under the portal), the staff queue and answers, the
// exam's settings and the office's CSV export. Parse, call the service, answer.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { contentDisposition } from "../exports/content-disposition.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { exportRegradeRequests } from "./regrade-export.ts";
import { AnswerRegradeInput, CreateRegradeInput, ExamIdParam, IdParam, QueueQuery, RegradeSettingsInput } from "./regrade-schema.ts";
import { getRegradeSettings, setRegradeSettings } from "./regrade-settings-service.ts";
import { RegradeStaffService } from "./regrade-staff-service.ts";
import { RegradeStudentService } from "./regrade-student-service.ts";

export function regradeRoutes(ctx: AppContext): Router {
  const student = new RegradeStudentService(ctx.db);
  const staff = new RegradeStaffService(ctx.db);
  const r = Router();

  r.get("/portal/copies/:id/regrade-requests", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(IdParam, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    res.json(await student.list(actor, id));
  });
  r.post("/portal/copies/:id/regrade-requests", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(IdParam, req.params);
    const input = parse(CreateRegradeInput, req.body);
    res.status(201).json({ request: await student.create(actor, id, input, auditContext(req)) });
  });
  r.post("/portal/regrade-requests/:id/withdraw", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(IdParam, req.params);
    res.json({ request: await student.withdraw(actor, id, auditContext(req)) });
  });

  r.get("/regrade/requests", async (req, res) => {
    const actor = requireActor(req);
    const { status } = parse(QueueQuery, req.query);
    res.json({ requests: await staff.queue(actor, null, status) });
  });
  r.get("/regrade/exams/:examId/requests", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(ExamIdParam, req.params);
    const { status } = parse(QueueQuery, req.query);
    res.json({ requests: await staff.queue(actor, examId, status) });
  });
  r.post("/regrade/requests/:id/answer", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(IdParam, req.params);
    const input = parse(AnswerRegradeInput, req.body);
    res.json({ request: await staff.answer(actor, id, input, auditContext(req)) });
  });
  r.get("/regrade/exams/:examId/settings", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(ExamIdParam, req.params);
    res.json({ settings: await getRegradeSettings(ctx.db, actor, examId) });
  });
  r.put("/regrade/exams/:examId/settings", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(ExamIdParam, req.params);
    const input = parse(RegradeSettingsInput, req.body);
    res.json({ settings: await setRegradeSettings(ctx.db, actor, examId, input, auditContext(req)) });
  });

  r.get("/exports/exams/:examId/regrades.csv", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(ExamIdParam, req.params);
    const out = await exportRegradeRequests(ctx.db, actor, examId, auditContext(req));
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", contentDisposition("attachment", out.fileName));
    res.setHeader("Cache-Control", "private, no-store");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.send(out.body);
  });
  return r;
}
