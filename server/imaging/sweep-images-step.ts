// The orphan-image sweep as a maintenance step: the step runs every minute, the sweep (a walk of
// the image folder, then of the cached copy PDFs) at most once an hour per worker process.
import type { AppContext } from "../context.ts";
import { MediaStore } from "../storage/media-store.ts";
import { sweepCopyPdfs } from "./sweep-copy-pdfs.ts";
import { sweepOrphanImages, type SweepOutcome } from "./sweep-images.ts";

const EVERY_MS = 60 * 60_000;
let lastRun = 0;

/** Nothing (an empty object, not logged) when the last sweep is less than an hour old. */
export async function sweepImagesHourly(ctx: AppContext): Promise<(SweepOutcome & { pdfsChecked: number; pdfsRemoved: number }) | Record<string, never>> {
  if (Date.now() - lastRun < EVERY_MS) return {};
  lastRun = Date.now();
  const media = new MediaStore(ctx.config.mediaDir);
  const images = await sweepOrphanImages(ctx.db, media);
  const pdfs = await sweepCopyPdfs(ctx.db, media);
  return { ...images, pdfsChecked: pdfs.checked, pdfsRemoved: pdfs.removed };
}
