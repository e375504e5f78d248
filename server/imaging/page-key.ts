// What a page image is made of, as a hash: same source page, half, rotation (and zones for a
// redacted twin) → same key. A stored image whose key differs from the page's is stale.
import crypto from "node:crypto";
import type { IdentityZone } from "./identity-zones.ts";

const FORMAT = "page-image-v1";

export interface PageSource {
  sourcePath: string;
  sourcePage: number;
  rotation: number;
  half: string;
}

export function pageKey(p: PageSource, zones: readonly IdentityZone[] = []): string {
  const z = zones.map((zn) => [zn.x, zn.y, zn.w, zn.h]);
  return crypto
    .createHash("sha256")
    .update(JSON.stringify([FORMAT, p.sourcePath, p.sourcePage, p.rotation, p.half, z]))
    .digest("hex");
}
