// Rasterizes every page of an exam that lacks a current image (worker role). Idempotent: a page
// whose images match its key is skipped, so a retried or repeated job only does what is left.
// A page that cannot be rasterized gets `imageError` and the others go on; a crash of the whole
// process is the job's retry.
import type { Logger } from "pino";
import type { AppContext } from "../context.ts";
import { MediaStore } from "../storage/media-store.ts";
import { parseZones } from "./identity-zones.ts";
import { publishImagesProgress } from "./images-progress.ts";
import type { RasterPool } from "./raster-pool.ts";
import { storeImages } from "./store-images.ts";
import { missingImages, wantedImages } from "./wanted-images.ts";

export interface ImagesOutcome {
  pages: number;
  made: number;
  failed: number;
}

export async function makeExamImages(ctx: AppContext, examId: string, pool: RasterPool, log: Logger): Promise<ImagesOutcome> {
  const exam = await ctx.db.exam.findUnique({ where: { id: examId }, select: { identityZones: true } });
  if (!exam) return { pages: 0, made: 0, failed: 0 };
  const zones = parseZones(exam.identityZones);
  const media = new MediaStore(ctx.config.mediaDir);
  const pages = await ctx.db.page.findMany({
    where: { OR: [{ copy: { examId } }, { copyId: null, batch: { examId } }] },
    select: {
      id: true,
      copyId: true,
      batchId: true,
      position: true,
      sourcePath: true,
      sourcePage: true,
      rotation: true,
      half: true,
      imageError: true,
      extraBookletId: true,
      images: { where: { variant: { in: ["thumb", "read"] } }, select: { variant: true, redacted: true, key: true } },
    },
    // first pages first: every copy's page 1 (the one the desk shows first) before the rest
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  const out: ImagesOutcome = { pages: pages.length, made: 0, failed: 0 };
  const touched = new Set<string>();
  let lastProgress = Date.now();
  const one = async (page: (typeof pages)[number]): Promise<void> => {
    const wanted = wantedImages(page, zones);
    const missing = missingImages(wanted, page.images);
    if (missing.length === 0) return;
    // a page that failed is not tried again until it changes (the stapler clears the error)
    if (page.imageError && missing.some((m) => m.zones === null)) return;
    try {
      const outputs = await pool.rasterize({
        file: media.abs(page.sourcePath),
        sourcePage: page.sourcePage,
        rotation: page.rotation,
        half: page.half,
        outputs: missing.map((m) => ({ variant: m.variant, zones: m.zones })),
      });
      await storeImages(ctx.db, media, page.id, missing, outputs);
      out.made++;
    } catch (e) {
      out.failed++;
      const message = `this page could not be turned into an image: ${(e as Error).message}`.slice(0, 500);
      log.warn({ pageId: page.id, err: e }, "page image failed");
      await ctx.db.page.update({ where: { id: page.id }, data: { imageError: message } });
    }
    if (page.batchId) touched.add(page.batchId);
    if (Date.now() - lastProgress > 1000) {
      lastProgress = Date.now();
      await publishImagesProgress(ctx.db, examId, [...touched]);
    }
  };
  // one page per raster thread, taken in order (first pages first), and one more in line: while a
  // lane stores its images (database, files) the threads already have the next page to draw
  let next = 0;
  await Promise.all(
    Array.from({ length: pool.size + 1 }, async () => {
      while (next < pages.length) await one(pages[next++]!);
    }),
  );
  if (touched.size) await publishImagesProgress(ctx.db, examId, [...touched]);
  return out;
}
