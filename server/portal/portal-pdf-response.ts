// Sends a portal PDF: ETag of its sha256, access re-checked on every request (no shared cache), inline or as a download.
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import type { Request, Response } from "express";
import { contentDisposition } from "../exports/content-disposition.ts";
import type { PortalPdf } from "./portal-service.ts";

export async function sendPortalPdf(req: Request, res: Response, file: PortalPdf, download: boolean): Promise<void> {
  const etag = `"${file.sha256}"`;
  res.setHeader("ETag", etag);
  res.setHeader("Cache-Control", "private, no-cache"); // access is checked on every request (an unrelease hides it at once)
  if (req.get("if-none-match") === etag) {
    res.status(304).end();
    return;
  }
  res.setHeader("Content-Type", "application/pdf");
  res.setHeader("Content-Length", String(file.sizeBytes));
  res.setHeader("Content-Disposition", contentDisposition(download ? "attachment" : "inline", file.fileName));
  await pipeline(fs.createReadStream(file.absPath), res);
}
