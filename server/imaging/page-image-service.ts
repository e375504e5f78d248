// Serves page images: the one the policy allows (original or redacted twin), made on demand in a
// raster thread when missing or stale (the high resolution always is; the others normally come
// from the worker at intake). Concurrent requests for the same image share one rasterization.
import type { AppContext } from "../context.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { MediaStore } from "../storage/media-store.ts";
import type { Variant } from "./image-sizes.ts";
import { pageKey } from "./page-key.ts";
import { loadImagePage, type ImagePageAccess } from "./page-image-access.ts";
import { sharedRasterPool } from "./raster-pool.ts";
import { storeImages } from "./store-images.ts";
import { missingImages, wantedImages, type WantedImage } from "./wanted-images.ts";

export interface ServedImage {
  abs: string;
  sha256: string;
  width: number;
  height: number;
}

const making = new Map<string, Promise<void>>();

export class PageImageService {
  private readonly media: MediaStore;

  constructor(private readonly ctx: AppContext) {
    this.media = new MediaStore(ctx.config.mediaDir);
  }

  async image(actor: Actor, pageId: string, variant: Variant): Promise<ServedImage> {
    return this.ensure(await loadImagePage(this.ctx.db, actor, pageId), variant);
  }

  /** The image this access allows, made first if needed. */
  async ensure(access: ImagePageAccess, variant: Variant): Promise<ServedImage> {
    const redacted = access.redactZones.length > 0;
    const key = pageKey(access.page, access.redactZones);
    const where = { pageId_variant_redacted: { pageId: access.page.id, variant, redacted } };
    let row = await this.ctx.db.pageImage.findUnique({ where });
    if (!row || row.key !== key) {
      if (access.page.imageError) throw new AppError("IMAGE_FAILED", access.page.imageError);
      await this.make(access, variant, key);
      row = await this.ctx.db.pageImage.findUnique({ where });
      if (!row || row.key !== key) throw new AppError("IMAGE_NOT_READY", "The page image is not ready yet");
    }
    return { abs: this.media.abs(row.path), sha256: row.sha256, width: row.width, height: row.height };
  }

  private make(access: ImagePageAccess, variant: Variant, key: string): Promise<void> {
    const id = `${access.page.id}|${variant}|${key}`;
    let p = making.get(id);
    if (!p) {
      p = this.makeNow(access, variant).finally(() => making.delete(id));
      making.set(id, p);
    }
    return p;
  }

  private async makeNow(access: ImagePageAccess, variant: Variant): Promise<void> {
    const { page } = access;
    let wanted: WantedImage[];
    if (variant === "high") {
      const zones = access.redactZones.length ? access.redactZones : null;
      wanted = [{ variant, zones, key: pageKey(page, access.redactZones) }];
    } else {
      const have = await this.ctx.db.pageImage.findMany({ where: { pageId: page.id }, select: { variant: true, redacted: true, key: true } });
      wanted = missingImages(wantedImages(page, access.zones), have);
    }
    if (wanted.length === 0) return;
    try {
      const outputs = await sharedRasterPool().rasterize({
        file: this.media.abs(page.sourcePath),
        sourcePage: page.sourcePage,
        rotation: page.rotation,
        half: page.half,
        outputs: wanted.map((w) => ({ variant: w.variant, zones: w.zones })),
      });
      await storeImages(this.ctx.db, this.media, page.id, wanted, outputs);
    } catch (e) {
      throw new AppError("IMAGE_FAILED", `This page could not be turned into an image: ${(e as Error).message}`);
    }
  }
}
