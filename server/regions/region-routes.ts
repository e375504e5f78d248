// Question regions over HTTP (grading by question): GET for staff and the exam's graders, PUT for
// the office and supervisors.
import { Router } from "express";
import { regionsApi as api } from "../../collab/contract/api/regions.ts";
import { handle } from "../http/contract-route.ts";
import type { RegionService } from "./region-service.ts";

export function regionRoutes(regions: RegionService): Router {
  const r = Router();
  handle(r, api.getRegions, ({ actor, params }) => regions.read(actor, params.id));
  handle(r, api.putRegions, ({ actor, params, body }) => regions.replace(actor, params.id, body));
  return r;
}
