// Lists every route mounted under a router (method + path), so tests can prove that the access
// matrix covers all of them.
import type { Router } from "express";

interface LayerLike {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
  rawPath?: string;
  slash?: boolean;
}

export function listRoutes(router: Router, prefix = ""): string[] {
  const out: string[] = [];
  for (const layer of (router as unknown as { stack: LayerLike[] }).stack) {
    if (layer.route) {
      for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${prefix}${layer.route.path}`);
    } else if (layer.handle?.stack) {
      const mount = layer.slash || !layer.rawPath ? "" : layer.rawPath;
      out.push(...listRoutes(layer.handle as unknown as Router, prefix + mount));
    }
  }
  return out;
}
