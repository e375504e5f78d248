// HTTP for releasing results: the overview, release and unrelease (admin, audited).
import { Router } from "express";
import { releaseApi as api } from "../../collab/contract/api/release.ts";
import type { AppContext } from "../context.ts";
import { handle } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { releaseOverview } from "./release-overview.ts";
import { ReleaseService } from "./release-service.ts";

export function releaseRoutes(ctx: AppContext): Router {
  const service = new ReleaseService(ctx.db);
  const r = Router();
  handle(r, api.releaseOverview, ({ actor, params }) => releaseOverview(ctx.db, ctx.pool, actor, params.examId));
  handle(r, api.releaseCopies, ({ actor, params, body }, req) => service.release(actor, params.examId, body, auditContext(req)));
  handle(r, api.unreleaseCopies, ({ actor, params, body }, req) => service.unrelease(actor, params.examId, body, auditContext(req)));
  return r;
}
