// Rubrics of an exam over HTTP: read, preview a change set, apply it, undo the last one.
import { Router } from "express";
import { rubricsApi as api } from "../../collab/contract/api/rubrics.ts";
import { handle } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import type { RubricService } from "./rubric-service.ts";

export function rubricRoutes(rubrics: RubricService): Router {
  const r = Router();
  handle(r, api.getRubric, async ({ actor, params }) => ({ rubric: await rubrics.current(actor, params.id) }));
  handle(r, api.previewRubric, async ({ actor, params, body }) => ({ preview: await rubrics.preview(actor, params.id, body) }));
  handle(r, api.applyRubric, ({ actor, params, body }, req) => rubrics.apply(actor, params.id, body, auditContext(req)));
  handle(r, api.undoRubric, ({ actor, params, body }, req) => rubrics.undo(actor, params.id, body, auditContext(req)));
  return r;
}
