// Everything the exams feature mounts under /api: exams, scales, rubrics, documents.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { documentRoutes } from "./document-routes.ts";
import { DocumentService } from "./document-service.ts";
import { examRoutes } from "./exam-routes.ts";
import { ExamService } from "./exam-service.ts";
import { scaleRoutes } from "./scale-routes.ts";
import { ScaleService } from "./scale-service.ts";
import { regionRoutes } from "../regions/region-routes.ts";
import { RegionService } from "../regions/region-service.ts";
import { rubricRoutes } from "../rubrics/rubric-routes.ts";
import { RubricService } from "../rubrics/rubric-service.ts";

export function examsRouter(ctx: AppContext): Router {
  const r = Router();
  r.use(
    examRoutes(new ExamService(ctx.db)),
    scaleRoutes(new ScaleService(ctx.db)),
    rubricRoutes(new RubricService(ctx.db, ctx.pool)),
    regionRoutes(new RegionService(ctx.db)),
    documentRoutes(new DocumentService(ctx)),
  );
  return r;
}
