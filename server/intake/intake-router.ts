// Everything intake mounts under /api: batches, the stapler and validation, copies and their PDF,
// QR-coded booklets.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { bookletRoutes } from "../booklets/booklet-routes.ts";
import { extraSheetRoutes } from "../booklets/extra-sheet-routes.ts";
import { batchRoutes } from "./batch-routes.ts";
import { copyRoutes } from "./copy-routes.ts";
import { staplerRoutes } from "./stapler-routes.ts";

export function intakeRouter(ctx: AppContext): Router {
  const r = Router();
  r.use(batchRoutes(ctx), staplerRoutes(ctx), copyRoutes(ctx), bookletRoutes(ctx), extraSheetRoutes(ctx));
  return r;
}
