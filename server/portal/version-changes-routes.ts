// HTTP for what changed between a student's released versions, and the PDF of an earlier version.
import { Router } from "express";
import { portalApi as api } from "../../collab/contract/api/portal.ts";
import type { AppContext } from "../context.ts";
import { handle, handleRaw } from "../http/contract-route.ts";
import { MediaStore } from "../storage/media-store.ts";
import { sendPortalPdf } from "./portal-pdf-response.ts";
import { VersionChangesService } from "./version-changes-service.ts";

export function versionChangesRoutes(ctx: AppContext): Router {
  const service = new VersionChangesService(ctx.db, new MediaStore(ctx.config.mediaDir));
  const r = Router();
  handle(r, api.portalChanges, ({ actor, params, query }, _req, res) => {
    res.setHeader("Cache-Control", "private, no-store");
    return service.changes(actor, params.id, query.from);
  });
  handleRaw(r, api.portalVersionPdf, async ({ actor, params, query }, req, res) => {
    await sendPortalPdf(req, res, await service.pdf(actor, params.id, Number(params.n)), query.download === "1");
  });
  return r;
}
