// HTTP for reconciliation (#16 items 3–4); live changes reach the dashboards as `reconciliation:changed`.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { CopyIdParam, CopyQuestionParam, DecideInput, ExamIdParam, SettingsInput } from "./reconcile-schema.ts";
import { ReconcileService } from "./reconcile-service.ts";

export function reconcileRoutes(ctx: AppContext): Router {
  const service = new ReconcileService(ctx.db, ctx.pool);
  const r = Router();
  r.get("/exams/:examId/reconciliations", async (req, res) => {
    const actor = requireActor(req);
    res.json(await service.list(actor, parse(ExamIdParam, req.params).examId));
  });
  r.put("/exams/:examId/moderation-settings", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(ExamIdParam, req.params);
    res.json(await service.updateSettings(actor, auditContext(req), examId, parse(SettingsInput, req.body)));
  });
  r.get("/exams/:examId/agreement", async (req, res) => {
    const actor = requireActor(req);
    res.json(await service.agreement(actor, parse(ExamIdParam, req.params).examId));
  });
  r.get("/copies/:copyId/reconciliation", async (req, res) => {
    const actor = requireActor(req);
    res.json(await service.copy(actor, parse(CopyIdParam, req.params).copyId));
  });
  r.put("/copies/:copyId/reconciliation/:questionId", async (req, res) => {
    const actor = requireActor(req);
    const { copyId, questionId } = parse(CopyQuestionParam, req.params);
    res.json(await service.decide(actor, auditContext(req), copyId, questionId, parse(DecideInput, req.body)));
  });
  return r;
}
