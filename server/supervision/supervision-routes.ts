// HTTP for the supervisor's dashboard; the live part is `exam:stats` on the /grading namespace.
import { Router } from "express";
import { supervisionApi as api } from "../../collab/contract/api/supervision.ts";
import type { AppContext } from "../context.ts";
import { handle } from "../http/contract-route.ts";
import { SupervisionService } from "./supervision-service.ts";

export function supervisionRoutes(ctx: AppContext): Router {
  const service = new SupervisionService(ctx.db, ctx.pool);
  const r = Router();
  handle(r, api.supervisedExams, async ({ actor }) => ({ exams: await service.listExams(actor) }));
  handle(r, api.examStats, ({ actor, params }) => service.stats(actor, params.examId));
  handle(r, api.examLocks, async ({ actor, params }) => ({ locks: await service.locks(actor, params.examId) }));
  return r;
}
