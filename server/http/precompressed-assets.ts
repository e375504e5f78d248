// The client's hashed assets in the encoding the browser asks for: the .br or .gz twin written at
// build time (scripts/build/precompress.ts) when it exists and Accept-Encoding allows it, else the
// plain file (express.static, after this). Only names listed in the folder are looked up — the
// request path is never joined into a file path — and the listing is read again when the folder
// changes (a rebuild under a running server).
import fs from "node:fs";
import path from "node:path";
import type { RequestHandler } from "express";

const ENCODINGS = [
  { name: "br", ext: ".br" },
  { name: "gzip", ext: ".gz" },
] as const;

interface Listing {
  readonly mtimeMs: number;
  readonly names: ReadonlySet<string>;
}

/** Quality of each coding in an Accept-Encoding header ("*" stands for any coding not named). */
function encodingQualities(header: string): (coding: string) => number {
  const q = new Map<string, number>();
  for (const part of header.split(",")) {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    if (!coding) continue;
    const qp = params.map((x) => x.trim()).find((x) => x.startsWith("q="));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(coding, Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);
  }
  return (coding) => q.get(coding) ?? q.get("*") ?? 0;
}

/** The twin the browser rates highest, Brotli first among equals; none when it takes neither (q=0 or not named). */
function preferred<T extends { name: string }>(twins: readonly T[], header: string): T | undefined {
  const quality = encodingQualities(header);
  let best: T | undefined;
  let bestQ = 0;
  for (const t of twins) {
    const q = quality(t.name);
    if (q > bestQ) {
      best = t;
      bestQ = q;
    }
  }
  return best;
}

export function precompressedAssets(dir: string, cache: { maxAge: string; immutable: boolean }): RequestHandler {
  let listing: Listing | null = null;
  let checkedAt = 0;
  const list = (): ReadonlySet<string> => {
    // the folder is looked at again at most once a second, not at every request
    const now = Date.now();
    if (listing && now - checkedAt < 1000) return listing.names;
    checkedAt = now;
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    if (!stat) return new Set();
    if (listing?.mtimeMs !== stat.mtimeMs) listing = { mtimeMs: stat.mtimeMs, names: new Set(fs.readdirSync(dir)) };
    return listing.names;
  };
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const name = req.path.slice(1);
    const names = list();
    const twins = ENCODINGS.filter((e) => names.has(name + e.ext));
    if (twins.length === 0) return next();
    res.vary("Accept-Encoding"); // a shared cache must not hand a Brotli body to a browser that did not ask for it
    const twin = preferred(twins, req.get("accept-encoding") ?? "");
    if (!twin) return next();
    // the plain file's type (send would take it from ".br")
    res.type(path.extname(name));
    res.setHeader("Content-Encoding", twin.name);
    res.sendFile(name + twin.ext, { root: dir, maxAge: cache.maxAge, immutable: cache.immutable, dotfiles: "deny" }, (err) => {
      if (!err || res.headersSent) return;
      res.removeHeader("Content-Encoding");
      res.removeHeader("Content-Type");
      next(); // the twin went away (a rebuild): the plain file, if it is still there
    });
  };
}
