// Serves the built client (dist/client): hashed assets cached for a year, index.html never.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router } from "express";

export const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/client");

export function staticClient(dir = CLIENT_DIR): Router {
  const r = Router();
  const index = path.join(dir, "index.html");
  r.use("/assets", express.static(path.join(dir, "assets"), { immutable: true, maxAge: "365d", index: false, fallthrough: false }));
  r.use(express.static(dir, { index: false, maxAge: 0 }));
  r.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res, next) => {
    if (!fs.existsSync(index)) return next();
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });
  return r;
}
