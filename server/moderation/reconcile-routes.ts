// HTTP for reconciliation (#16 items 3–4): the contract's routes (collab/contract/api/moderation.ts);
// live changes reach the dashboards as `reconciliation:changed`.
import { Router } from "express";
import { moderationApi as api } from "../../collab/contract/api/moderation.ts";
import type { AppContext } from "../context.ts";
import { handle } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { ReconcileService } from "./reconcile-service.ts";

export function reconcileRoutes(ctx: AppContext): Router {
  const service = new ReconcileService(ctx.db, ctx.pool);
  const r = Router();
  handle(r, api.reconciliations, ({ actor, params }) => service.list(actor, params.examId));
  handle(r, api.saveModerationSettings, ({ actor, params, body }, req) => service.updateSettings(actor, auditContext(req), params.examId, body));
  handle(r, api.agreement, ({ actor, params }) => service.agreement(actor, params.examId));
  handle(r, api.copyReconciliation, ({ actor, params }) => service.copy(actor, params.copyId));
  handle(r, api.decide, ({ actor, params, body }, req) => service.decide(actor, auditContext(req), params.copyId, params.questionId, body));
  return r;
}
