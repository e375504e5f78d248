// Serves the built client (dist/client): hashed assets cached for a year (Brotli or gzip when the
// browser takes them, precompressed-assets.ts), index.html never. A
// route before this one may put markup for the page's head in `res.locals.documentHead` (the desk's
// data and preload hints, desk/desk-document-middleware.ts) and for the start of its body in
// `res.locals.documentBody` (the desk's first pages): that page is private and never stored.
import fs from "node:fs";
import path from "node:path";
import express, { Router } from "express";
import { APP_ROOT } from "../config/runtime-files.ts";
import { precompressedAssets } from "./precompressed-assets.ts";

export const CLIENT_DIR = path.join(APP_ROOT, "dist", "client");

export function staticClient(dir = CLIENT_DIR): Router {
  const r = Router();
  const index = path.join(dir, "index.html");
  const assets = path.join(dir, "assets");
  r.use("/assets", precompressedAssets(assets, { immutable: true, maxAge: "365d" }));
  r.use("/assets", express.static(assets, { immutable: true, maxAge: "365d", index: false, fallthrough: false }));
  r.use(express.static(dir, { index: false, maxAge: 0 }));
  r.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res, next) => {
    if (!fs.existsSync(index)) return next();
    const head = res.locals.documentHead as string | undefined;
    if (!head) {
      res.setHeader("Cache-Control", "no-cache");
      return res.sendFile(index);
    }
    const html = indexHtml(index);
    const at = html.indexOf("</head>");
    const withHead = at < 0 ? html : html.slice(0, at) + head + html.slice(at);
    // markup for the page's body (the desk's first pages), first in it
    const body = res.locals.documentBody as string | undefined;
    const open = body ? /<body[^>]*>/.exec(withHead) : null;
    res.setHeader("Cache-Control", "private, no-store");
    res.type("html").send(open && body ? withHead.slice(0, open.index + open[0].length) + body + withHead.slice(open.index + open[0].length) : withHead);
  });
  return r;
}

let cached: { file: string; mtimeMs: number; html: string } | null = null;

function indexHtml(file: string): string {
  const { mtimeMs } = fs.statSync(file);
  if (cached?.file !== file || cached.mtimeMs !== mtimeMs) cached = { file, mtimeMs, html: fs.readFileSync(file, "utf8") };
  return cached.html;
}
