// The grading scale of an exam: read (tree + totals), replace as a whole.
import { Router } from "express";
import { examsApi as api } from "../../collab/contract/api/exams.ts";
import { handle } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import type { ScaleService } from "./scale-service.ts";

export function scaleRoutes(scales: ScaleService): Router {
  const r = Router();
  handle(r, api.getScale, async ({ actor, params }) => ({ scale: await scales.get(actor, params.id) }));
  handle(r, api.replaceScale, async ({ actor, params, body }, req) => ({ scale: await scales.replace(actor, params.id, body, auditContext(req)) }));
  return r;
}
