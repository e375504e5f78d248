// HTTP for the student portal: list, one copy, its PDF (inline, or as a download with ?download=1).
import { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { sendPortalPdf } from "./portal-pdf-response.ts";
import { requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { MediaStore } from "../storage/media-store.ts";
import { PortalService } from "./portal-service.ts";

const CopyIdParam = z.strictObject({ id: z.uuid() });
const PdfQuery = z.strictObject({ download: z.enum(["1", "0"]).optional() });

export function portalRoutes(ctx: AppContext): Router {
  const service = new PortalService(ctx.db, ctx.pool, new MediaStore(ctx.config.mediaDir));
  const r = Router();
  r.get("/portal/copies", async (req, res) => {
    res.json({ copies: await service.list(requireActor(req)) });
  });
  r.get("/portal/copies/:id", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(CopyIdParam, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    res.json({ copy: await service.get(actor, id) });
  });
  r.get("/portal/copies/:id/pdf", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(CopyIdParam, req.params);
    const { download } = parse(PdfQuery, req.query);
    await sendPortalPdf(req, res, await service.pdf(actor, id), download === "1");
  });
  return r;
}
