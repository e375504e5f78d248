// Stores what a rasterization produced: the files content-addressed under media/page-images, one
// row per (page, variant, original|redacted), replacing a stale one.
import fs from "node:fs";
import type { Db } from "../db/client.ts";
import type { MediaStore } from "../storage/media-store.ts";
import { ENCODING, EXTENSION } from "./image-sizes.ts";
import type { RasterOutput } from "./rasterize-page.ts";
import { IMAGES_KIND } from "./sweep-images.ts";
import type { WantedImage } from "./wanted-images.ts";

export async function storeImages(db: Db, media: MediaStore, pageId: string, wanted: WantedImage[], outputs: RasterOutput[]): Promise<void> {
  for (const o of outputs) {
    const w = wanted.find((x) => x.variant === o.variant && (x.zones !== null) === o.redacted);
    if (!w) continue;
    const { rel, sha256, size } = await media.putBytes(IMAGES_KIND, o.bytes, EXTENSION[ENCODING[o.variant].format]);
    // a file reused as it was (same content made before) is young again: the orphan sweep leaves it until its row exists
    const now = new Date();
    await fs.promises.utimes(media.abs(rel), now, now);
    const data = { key: w.key, path: rel, sha256, bytes: size, width: o.width, height: o.height, createdAt: new Date() };
    await db.pageImage.upsert({
      where: { pageId_variant_redacted: { pageId, variant: o.variant, redacted: o.redacted } },
      create: { pageId, variant: o.variant, redacted: o.redacted, ...data },
      update: data,
    });
  }
}
