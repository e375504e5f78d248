// Image files whose rows are gone (their pages deleted) are removed from the media folder, unless
// another row still points at the same content (content addressing may share a file).
import fs from "node:fs";
import type { Db } from "../db/client.ts";
import type { MediaStore } from "../storage/media-store.ts";

export async function imagePathsOfBatch(db: Pick<Db, "pageImage">, batchId: string): Promise<string[]> {
  return (await db.pageImage.findMany({ where: { page: { batchId } }, select: { path: true } })).map((r) => r.path);
}

export async function deleteUnreferencedImages(db: Pick<Db, "pageImage">, media: MediaStore, paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  const still = new Set((await db.pageImage.findMany({ where: { path: { in: paths } }, select: { path: true } })).map((r) => r.path));
  for (const rel of new Set(paths)) if (!still.has(rel)) await fs.promises.rm(media.abs(rel), { force: true });
}
