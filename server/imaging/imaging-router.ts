// Everything page images mount under /api: the images themselves and the exams' identity zones.
import { Router } from "express";
import { imagingApi as api } from "../../collab/contract/api/imaging.ts";
import type { AppContext } from "../context.ts";
import { handle } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { IdentityZoneService } from "./identity-zone-service.ts";
import { imageRoutes } from "./image-routes.ts";

export function imagingRouter(ctx: AppContext): Router {
  const zones = new IdentityZoneService(ctx.db);
  const r = Router();
  handle(r, api.identityZones, ({ actor, params }) => zones.get(actor, params.id));
  handle(r, api.setIdentityZones, ({ actor, params, body }, req) => zones.set(actor, params.id, body, auditContext(req)));
  r.use(imageRoutes(ctx));
  return r;
}
