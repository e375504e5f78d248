// HTTP for the student portal: list, one copy, its PDF (inline, or as a download with ?download=1).
import { Router } from "express";
import { portalApi as api } from "../../collab/contract/api/portal.ts";
import type { AppContext } from "../context.ts";
import { handle, handleRaw } from "../http/contract-route.ts";
import { MediaStore } from "../storage/media-store.ts";
import { sendPortalPdf } from "./portal-pdf-response.ts";
import { PortalService } from "./portal-service.ts";

export function portalRoutes(ctx: AppContext): Router {
  const service = new PortalService(ctx.db, ctx.pool, new MediaStore(ctx.config.mediaDir));
  const r = Router();
  handle(r, api.portalCopies, async ({ actor }) => ({ copies: await service.list(actor) }));
  handle(r, api.portalCopy, async ({ actor, params }, _req, res) => {
    res.setHeader("Cache-Control", "private, no-store");
    return { copy: await service.get(actor, params.id) };
  });
  handleRaw(r, api.portalPdf, async ({ actor, params, query }, req, res) => {
    await sendPortalPdf(req, res, await service.pdf(actor, params.id), query.download === "1");
  });
  return r;
}
