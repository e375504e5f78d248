// HTTP for finalize, reopen, render retry and the final PDF: parse, call the service, answer.
import fs from "node:fs";
import { Router } from "express";
import { renderApi as api, type FinalizeResult } from "../../collab/contract/api/render.ts";
import type { Jsonify } from "../../collab/contract/api/route.ts";
import type { AppContext } from "../context.ts";
import { contentDisposition } from "../exports/content-disposition.ts";
import { handle, handleRaw } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { MediaStore } from "../storage/media-store.ts";
import { finalizeCopy } from "./finalize-service.ts";
import { reopenCopy } from "./reopen-service.ts";
import { retryRender } from "./retry-render-service.ts";
import { getRenderStatus, openRenderedPdf } from "./render-status.ts";

export function renderRoutes(ctx: AppContext): Router {
  const r = Router();
  const media = new MediaStore(ctx.config.mediaDir);
  // 202 when the render starts, 200 when the copy already was finalized: the status depends on the answer
  handleRaw(r, api.finalizeCopy, async ({ actor, params }, req, res) => {
    const out = await finalizeCopy(ctx.db, actor, params.id, auditContext(req));
    res.status(out.alreadyFinalized ? 200 : 202).json(out satisfies Jsonify<FinalizeResult>);
  });
  handle(r, api.reopenCopy, ({ actor, params }, req) => reopenCopy(ctx.db, actor, params.id, auditContext(req)));
  handle(r, api.retryRender, ({ actor, params }, req) => retryRender(ctx.db, actor, params.id, auditContext(req)));
  handle(r, api.renderStatus, ({ actor, params }) => getRenderStatus(ctx.db, actor, params.id));
  handleRaw(r, api.renderedPdf, async ({ actor, params }, req, res) => {
    const file = await openRenderedPdf(ctx.db, media, actor, params.id);
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
