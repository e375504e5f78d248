// GET /api/pages/:id/images/:variant — a page image as the policy allows it (original or redacted
// twin). ETag = the image's sha256; the URL pins it with ?v=<prefix>, so it may be kept long.
import type { Request, Response } from "express";
import { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { matchesEtag } from "../http/etag.ts";
import { VARIANTS } from "./image-sizes.ts";
import { PageImageService, type ServedImage } from "./page-image-service.ts";

const ImageParams = z.strictObject({ id: z.uuid(), variant: z.enum(VARIANTS) });
const ImageQuery = z.object({
  v: z
    .string()
    .regex(/^[0-9a-f]{1,64}$/)
    .optional(),
});

async function sendImage(req: Request, res: Response, img: ServedImage): Promise<void> {
  const { v } = parse(ImageQuery, req.query);
  const etag = `"${img.sha256}"`;
  res.setHeader("ETag", etag);
  res.setHeader("Cache-Control", v !== undefined && img.sha256.startsWith(v) ? "private, max-age=31536000, immutable" : "private, max-age=0, must-revalidate");
  res.setHeader("Vary", "Cookie"); // the same URL is a redacted twin for some and the original for others
  if (matchesEtag(req, etag)) {
    res.status(304).end();
    return;
  }
  await new Promise<void>((resolve, reject) =>
    res.sendFile(img.abs, { headers: { "Content-Type": "image/webp" }, etag: false, lastModified: false, cacheControl: false }, (err) =>
      err && !res.headersSent ? reject(err) : resolve(),
    ),
  );
}

export function imageRoutes(ctx: AppContext): Router {
  const images = new PageImageService(ctx);
  const r = Router();
  r.get("/pages/:id/images/:variant", async (req, res) => {
    const actor = requireActor(req);
    const { id, variant } = parse(ImageParams, req.params);
    await sendImage(req, res, await images.image(actor, id, variant));
  });
  return r;
}
