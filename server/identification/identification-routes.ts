// The identification desk: exam copies with their identification state, roster search, link /
// unlink, the copy's variant (sujet A/B), absences.
import { Router } from "express";
import { identificationApi as api } from "../../collab/contract/api/identification.ts";
import type { AppContext } from "../context.ts";
import { handle } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { IdentificationService } from "./identification-service.ts";

export function identificationRoutes(ctx: AppContext): Router {
  const ident = new IdentificationService(ctx.db);
  const r = Router();
  handle(r, api.examCopies, ({ actor, params, query }) => ident.copies(actor, params.id, query));
  handle(r, api.searchRoster, async ({ actor, params, query }) => ({
    results: await ident.search(actor, params.id, query.q, query.limit, query.className),
  }));
  handle(r, api.linkStudent, ({ actor, params, body }, req) => ident.link(actor, params.id, body.studentId, auditContext(req)));
  handle(r, api.unlinkStudent, ({ actor, params }, req) => ident.unlink(actor, params.id, auditContext(req)));
  handle(r, api.setVariant, ({ actor, params, body }, req) => ident.setVariant(actor, params.id, body.variant, auditContext(req)));
  handle(r, api.markAbsent, ({ actor, params }, req) => ident.setAbsent(actor, params.id, params.studentId, true, auditContext(req)));
  handle(r, api.unmarkAbsent, ({ actor, params }, req) => ident.setAbsent(actor, params.id, params.studentId, false, auditContext(req)));
  return r;
}
