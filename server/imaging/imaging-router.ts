// Everything page images mount under /api: the images themselves and the exams' identity zones.
import { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { IdentityZonesInput } from "./identity-zones.ts";
import { IdentityZoneService } from "./identity-zone-service.ts";
import { imageRoutes } from "./image-routes.ts";

const ExamIdParam = z.strictObject({ id: z.uuid() });

export function imagingRouter(ctx: AppContext): Router {
  const zones = new IdentityZoneService(ctx.db);
  const r = Router();
  r.get("/exams/:id/identity-zones", async (req, res) => {
    const { id } = parse(ExamIdParam, req.params);
    res.json(await zones.get(requireActor(req), id));
  });
  r.put("/exams/:id/identity-zones", async (req, res) => {
    const { id } = parse(ExamIdParam, req.params);
    res.json(await zones.set(requireActor(req), id, parse(IdentityZonesInput, req.body), auditContext(req)));
  });
  r.use(imageRoutes(ctx));
  return r;
}
