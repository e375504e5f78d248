// GET /api/pages/:id/images/:variant — a page image as the policy allows it (original or redacted
// twin). ETag = the image's sha256; the URL pins it with ?v=<prefix>, so it may be kept long.
import type { Request, Response } from "express";
import { Router } from "express";
import { imagingApi as api } from "../../collab/contract/api/imaging.ts";
import type { AppContext } from "../context.ts";
import { matchesEtag } from "../http/etag.ts";
import { handleRaw } from "../http/contract-route.ts";
import { imageContentType } from "./image-sizes.ts";
import { PageImageService, type ServedImage } from "./page-image-service.ts";

async function sendImage(req: Request, res: Response, img: ServedImage, v: string | undefined): Promise<void> {
  const etag = `"${img.sha256}"`;
  res.setHeader("ETag", etag);
  res.setHeader("Cache-Control", v !== undefined && img.sha256.startsWith(v) ? "private, max-age=31536000, immutable" : "private, max-age=0, must-revalidate");
  res.setHeader("Vary", "Cookie"); // the same URL is a redacted twin for some and the original for others
  if (matchesEtag(req, etag)) {
    res.status(304).end();
    return;
  }
  await new Promise<void>((resolve, reject) =>
    res.sendFile(img.abs, { headers: { "Content-Type": imageContentType(img.abs) }, etag: false, lastModified: false, cacheControl: false }, (err) =>
      err && !res.headersSent ? reject(err) : resolve(),
    ),
  );
}

export function imageRoutes(ctx: AppContext): Router {
  const images = new PageImageService(ctx);
  const r = Router();
  handleRaw(r, api.pageImage, async ({ actor, params, query }, req, res) => {
    await sendImage(req, res, await images.image(actor, params.id, params.variant), query.v);
  });
  return r;
}
