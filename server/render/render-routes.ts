// HTTP for finalize, reopen, render retry and the final PDF: parse, call the service, answer.
import fs from "node:fs";
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { contentDisposition } from "../exports/content-disposition.ts";
import { actorOf, auditContext } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { MediaStore } from "../storage/media-store.ts";
import { finalizeCopy } from "./finalize-service.ts";
import { reopenCopy } from "./reopen-service.ts";
import { retryRender } from "./retry-render-service.ts";
import { CopyIdParam } from "./render-schema.ts";
import { getRenderStatus, openRenderedPdf } from "./render-status.ts";

export function renderRoutes(ctx: AppContext): Router {
  const r = Router();
  const media = new MediaStore(ctx.config.mediaDir);
  r.post("/copies/:id/finalize", async (req, res) => {
    const { id } = parse(CopyIdParam, req.params);
    const out = await finalizeCopy(ctx.db, actorOf(req), id, auditContext(req));
    res.status(out.alreadyFinalized ? 200 : 202).json(out);
  });
  r.post("/copies/:id/reopen", async (req, res) => {
    const { id } = parse(CopyIdParam, req.params);
    res.json(await reopenCopy(ctx.db, actorOf(req), id, auditContext(req)));
  });
  r.post("/copies/:id/render/retry", async (req, res) => {
    const { id } = parse(CopyIdParam, req.params);
    res.status(202).json(await retryRender(ctx.db, actorOf(req), id, auditContext(req)));
  });
  r.get("/copies/:id/render", async (req, res) => {
    const { id } = parse(CopyIdParam, req.params);
    res.json(await getRenderStatus(ctx.db, actorOf(req), id));
  });
  r.get("/copies/:id/render/pdf", async (req, res) => {
    const { id } = parse(CopyIdParam, req.params);
    const file = await openRenderedPdf(ctx.db, media, actorOf(req), id);
    const etag = `"${file.sha256}"`;
    res.setHeader("ETag", etag);
    res.setHeader("Cache-Control", "private, no-cache"); // access is checked on every request
    if (req.get("if-none-match") === etag) {
      res.status(304).end();
      return;
    }
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Length", String(file.sizeBytes));
    res.setHeader("Content-Disposition", contentDisposition("attachment", file.fileName));
    await new Promise<void>((resolve, reject) => {
      fs.createReadStream(file.absPath).on("error", reject).pipe(res).on("finish", resolve).on("error", reject);
    });
  });
  return r;
}
