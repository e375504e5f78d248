// Answers with a cached, content-addressed PDF: ETag + 304, private cache (long and immutable when
// the URL pins the content with ?v=<hash prefix>), byte ranges for pdf.js.
import type { Request, Response } from "express";
import { z } from "zod";
import { parse } from "../errors/validate.ts";
import { matchesEtag } from "../http/etag.ts";

export interface CachedPdf {
  etag: string;
  hash: string;
  fileName: string;
  file: () => Promise<string>;
}

const PdfQuery = z.object({
  v: z
    .string()
    .regex(/^[0-9a-f]{1,64}$/)
    .optional(),
});

export async function sendCachedPdf(req: Request, res: Response, out: CachedPdf): Promise<void> {
  const { v } = parse(PdfQuery, req.query);
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
    res.sendFile(file, { headers: { "Content-Type": "application/pdf" }, etag: false, lastModified: false, cacheControl: false, acceptRanges: true }, (err) =>
      err && !res.headersSent ? reject(err) : resolve(),
    ),
  );
}
