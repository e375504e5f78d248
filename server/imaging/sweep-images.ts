// Maintenance: page-image files no row points at any more (their pages were deleted with a copy or
// a batch, re-cut, or their images redone) are removed from the media folder. A file younger than
// the grace period is left alone: its row may be about to be written (storeImages touches a file
// it reuses, so a reused old file counts as young too). Leftover temporary files go the same way.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../db/client.ts";
import type { MediaStore } from "../storage/media-store.ts";

export const IMAGES_KIND = "page-images";
export const SWEEP_GRACE_MS = 60 * 60_000;
const CHUNK = 500;

export interface SweepOutcome {
  checked: number;
  removed: number;
}

export async function sweepOrphanImages(db: Pick<Db, "pageImage">, media: MediaStore, opts: { graceMs?: number } = {}): Promise<SweepOutcome> {
  const root = media.abs(IMAGES_KIND);
  const before = Date.now() - (opts.graceMs ?? SWEEP_GRACE_MS);
  const out: SweepOutcome = { checked: 0, removed: 0 };
  let dirs: string[];
  try {
    dirs = await fs.promises.readdir(root);
  } catch {
    return out; // no image made yet
  }
  for (const dir of dirs) {
    const old: string[] = [];
    for (const name of await fs.promises.readdir(path.join(root, dir)).catch(() => [] as string[])) {
      const st = await fs.promises.stat(path.join(root, dir, name)).catch(() => null);
      if (st?.isFile() && st.mtimeMs < before) old.push(path.posix.join(IMAGES_KIND, dir, name));
    }
    for (let i = 0; i < old.length; i += CHUNK) {
      const chunk = old.slice(i, i + CHUNK);
      out.checked += chunk.length;
      const kept = new Set((await db.pageImage.findMany({ where: { path: { in: chunk } }, select: { path: true } })).map((r) => r.path));
      for (const rel of chunk) {
        if (kept.has(rel)) continue;
        await fs.promises.rm(media.abs(rel), { force: true });
        out.removed++;
      }
    }
  }
  return out;
}
