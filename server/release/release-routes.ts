// HTTP for releasing results: the overview, release and unrelease (admin, audited).
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { releaseOverview } from "./release-overview.ts";
import { ExamIdParam, ReleaseInput } from "./release-schema.ts";
import { ReleaseService } from "./release-service.ts";

export function releaseRoutes(ctx: AppContext): Router {
  const service = new ReleaseService(ctx.db);
  const r = Router();
  r.get("/release/exams/:examId", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(ExamIdParam, req.params);
    res.json(await releaseOverview(ctx.db, ctx.pool, actor, examId));
  });
  r.post("/release/exams/:examId/release", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(ExamIdParam, req.params);
    res.json(await service.release(actor, examId, parse(ReleaseInput, req.body ?? {}), auditContext(req)));
  });
  r.post("/release/exams/:examId/unrelease", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(ExamIdParam, req.params);
    res.json(await service.unrelease(actor, examId, parse(ReleaseInput, req.body ?? {}), auditContext(req)));
  });
  return r;
}
