// GET /api/copies/:id and GET /api/copies/:id/pdf (ETag + 304, private cache, byte ranges).
import { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { AppError } from "../errors/app-error.ts";
import { requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { CopyService } from "./copy-service.ts";
import { sendCachedPdf } from "./pdf-response.ts";

const CopyIdParam = z.strictObject({ id: z.uuid() });

/** pdf.js asks for byte ranges; the URL with ?v=<pagesHash> never changes content, so it may be kept long. */
export function copyRoutes(ctx: AppContext): Router {
  const copies = new CopyService(ctx);
  const r = Router();
  r.get("/copies/:id", async (req, res) => {
    const { id } = parse(CopyIdParam, req.params);
    res.json({ copy: await copies.get(requireActor(req), id) });
  });
  r.get("/copies/:id/pdf", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(CopyIdParam, req.params);
    const out = await copies.pdf(actor, id);
    if (out.empty) throw new AppError("INVALID_STATE", "This copy has no pages");
    await sendCachedPdf(req, res, out);
  });
  return r;
}
