// Dispatch (admin) and the graders' own lists.
import { Router } from "express";
import { dispatchApi as api } from "../../collab/contract/api/dispatch.ts";
import type { AppContext } from "../context.ts";
import { handle } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { DispatchService } from "./dispatch-service.ts";
import { GraderService } from "./grader-service.ts";

export function dispatchRoutes(ctx: AppContext): Router {
  const dispatch = new DispatchService(ctx.db);
  const grader = new GraderService(ctx.db, ctx.pool);
  const r = Router();
  handle(r, api.getDispatch, async ({ actor, params }) => ({ dispatch: await dispatch.summary(actor, params.id) }));
  handle(r, api.dispatchCopies, ({ actor, params, body }, req) => dispatch.dispatch(actor, params.id, body, auditContext(req)));
  handle(r, api.graderExams, async ({ actor }) => ({ exams: await grader.exams(actor) }));
  handle(r, api.graderCopies, async ({ actor, query }) => ({ copies: await grader.copies(actor, query.examId) }));
  return r;
}
