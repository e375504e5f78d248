// Grading by question: each region is painted from its page's reading image (the redacted twin for
// graders), cropped to the box. The next copy's crops are fetched, decoded and cut while the grader
// marks the current one (the server names it: question:next's `peek`, with its pages), so `N` only
// blits a ready bitmap. A region whose page has no image is drawn by pdf.js (the copy's PDF), the
// fallback. A handful of copies at most are kept.
import type { Region, RegionPage } from '../api/regions.ts';
import { loadImage } from './page-images.ts';

/** A region's pixels, cut from its page image; null: that page has no image (pdf.js draws it). */
export type RegionCrop = ImageBitmap | null;

export interface RegionSource {
  copyId: string;
  pages: RegionPage[];
  /** one per region, in the regions' order */
  crops: Promise<RegionCrop[]>;
}

const KEEP = 3;

export class RegionPrefetch {
  readonly #entries = new Map<string, RegionSource>();

  /** Starts fetching and cutting the copy's regions if it is not already. */
  prefetch(copyId: string, pages: RegionPage[], regions: readonly Region[]): void {
    if (this.#entries.has(copyId)) return;
    this.#entries.set(copyId, prepare(copyId, pages, regions));
    while (this.#entries.size > KEEP) {
      const [oldest, e] = this.#entries.entries().next().value as [string, RegionSource];
      this.#entries.delete(oldest);
      void e.crops.then(close);
    }
  }

  /** The copy's regions: the prefetched ones when there are (handed over: the caller closes them). */
  take(copyId: string, pages: RegionPage[], regions: readonly Region[]): RegionSource {
    const e = this.#entries.get(copyId);
    this.#entries.delete(copyId);
    return e ?? prepare(copyId, pages, regions);
  }

  clear(): void {
    for (const e of this.#entries.values()) void e.crops.then(close);
    this.#entries.clear();
  }
}

/** Frees the bitmaps of a source no longer shown. */
export function close(crops: RegionCrop[]): void {
  for (const c of crops) c?.close();
}

function prepare(copyId: string, pages: RegionPage[], regions: readonly Region[]): RegionSource {
  return { copyId, pages, crops: Promise.all(regions.map((r) => cropOf(pages.find((p) => p.page === r.page), r))) };
}

async function cropOf(page: RegionPage | undefined, region: Region): Promise<RegionCrop> {
  const images = page?.images;
  if (!images || images.failed) return null;
  try {
    const img = await loadImage(images.read);
    const { x, y, w, h } = region.box;
    const W = img.naturalWidth;
    const H = img.naturalHeight;
    const sx = Math.floor(x * W);
    const sy = Math.floor(y * H);
    return await createImageBitmap(img, sx, sy, Math.max(1, Math.min(W - sx, Math.ceil(w * W))), Math.max(1, Math.min(H - sy, Math.ceil(h * H))));
  } catch {
    return null; // the image could not be had: pdf.js draws this region
  }
}
