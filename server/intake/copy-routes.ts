// GET /api/copies/:id and GET /api/copies/:id/pdf (ETag + 304, private cache, byte ranges).
import { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { AppError } from "../http/app-error.ts";
import { requireActor } from "../http/request-context.ts";
import { parse } from "../http/validate.ts";
import { CopyService } from "./copy-service.ts";
import { matchesEtag } from "./etag.ts";

const CopyIdParam = z.strictObject({ id: z.uuid() });
const PdfQuery = z.object({ v: z.string().regex(/^[0-9a-f]{1,64}$/).optional() });

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
    const { v } = parse(PdfQuery, req.query);
    const out = await copies.pdf(actor, id);
    if (out.empty) throw new AppError("INVALID_STATE", "This copy has no pages");
    const pinned = v !== undefined && out.hash.startsWith(v);
    res.setHeader("ETag", out.etag);
    res.setHeader("Cache-Control", pinned ? "private, max-age=31536000, immutable" : "private, max-age=0, must-revalidate");
    res.setHeader("Vary", "Cookie");
    if (matchesEtag(req, out.etag)) {
      res.status(304).end();
      return;
    }
    const file = await out.file();
    res.setHeader("Content-Disposition", `inline; filename="${out.fileName}"`);
    await new Promise<void>((resolve, reject) =>
      res.sendFile(file, { headers: { "Content-Type": "application/pdf" }, etag: false, lastModified: false, cacheControl: false, acceptRanges: true }, (err) => (err && !res.headersSent ? reject(err) : resolve())),
    );
  });
  return r;
}
