// HTTP for what changed between a student's released versions, and the PDF of an earlier version.
import { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { MediaStore } from "../storage/media-store.ts";
import { sendPortalPdf } from "./portal-pdf-response.ts";
import { VersionChangesService } from "./version-changes-service.ts";

/** a released version's number: 1, 2, … (as typed in a URL: no sign, no decimals, no leading zero) */
const VersionNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,8}$/, "expected a version number (1, 2, …)")
  .transform(Number);
const ChangesParams = z.strictObject({ id: z.uuid() });
const ChangesQuery = z.strictObject({ from: VersionNumber.optional() });
const VersionPdfParams = z.strictObject({ id: z.uuid(), n: VersionNumber });
const PdfQuery = z.strictObject({ download: z.enum(["1", "0"]).optional() });

export function versionChangesRoutes(ctx: AppContext): Router {
  const service = new VersionChangesService(ctx.db, new MediaStore(ctx.config.mediaDir));
  const r = Router();
  r.get("/portal/copies/:id/changes", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(ChangesParams, req.params);
    const { from } = parse(ChangesQuery, req.query);
    res.setHeader("Cache-Control", "private, no-store");
    res.json(await service.changes(actor, id, from));
  });
  r.get("/portal/copies/:id/versions/:n/pdf", async (req, res) => {
    const actor = requireActor(req);
    const { id, n } = parse(VersionPdfParams, req.params);
    const { download } = parse(PdfQuery, req.query);
    await sendPortalPdf(req, res, await service.pdf(actor, id, n), download === "1");
  });
  return r;
}
