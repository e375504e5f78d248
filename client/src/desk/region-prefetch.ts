// Grading by question: each region is painted from its page's reading image (the redacted twin for
// graders), cropped to the box. The next copy's crops are fetched, decoded and cut while the grader
// marks the current one — the next two: the one claimed ahead and the one after (question:next's
// `ahead` and `peek`, with their pages) — so `N` only blits a ready bitmap. The image is fetched
// and decoded off the main thread (`createImageBitmap` on its bytes), then cut. A region whose page
// has no image is drawn by pdf.js (the copy's PDF), the fallback. A handful of copies at most are kept.
import type { Region, RegionPage } from "../api/regions.ts";

/** A region's pixels, cut from its page image; null: that page has no image (pdf.js draws it). */
export type RegionCrop = ImageBitmap | null;

export interface RegionSource {
  copyId: string;
  pages: RegionPage[];
  /** one per region, in the regions' order */
  crops: Promise<RegionCrop[]>;
}

const KEEP = 4;

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
  return {
    copyId,
    pages,
    crops: Promise.all(
      regions.map((r) =>
        cropOf(
          pages.find((p) => p.page === r.page),
          r,
        ),
      ),
    ),
  };
}

async function cropOf(page: RegionPage | undefined, region: Region): Promise<RegionCrop> {
  const images = page?.images;
  if (!images || images.failed) return null;
  try {
    const full = await decoded(images.read);
    const { x, y, w, h } = region.box;
    const W = full.width;
    const H = full.height;
    const sx = Math.floor(x * W);
    const sy = Math.floor(y * H);
    return await createImageBitmap(full, sx, sy, Math.max(1, Math.min(W - sx, Math.ceil(w * W))), Math.max(1, Math.min(H - sy, Math.ceil(h * H))));
  } catch {
    return null; // the image could not be had: pdf.js draws this region
  }
}

/**
 * The page image decoded off the main thread; the two regions of one page share one decode. The
 * full bitmap is let go once its crops are cut (a few frames later), only the crops are kept.
 */
const decoding = new Map<string, Promise<ImageBitmap>>();

function decoded(url: string): Promise<ImageBitmap> {
  let p = decoding.get(url);
  if (!p) {
    p = fetch(url, { credentials: "same-origin" }).then(async (r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return createImageBitmap(await r.blob());
    });
    decoding.set(url, p);
    const q = p;
    void q.then(
      (bitmap) =>
        setTimeout(() => {
          if (decoding.get(url) === q) decoding.delete(url);
          bitmap.close();
        }, 1000),
      () => decoding.delete(url),
    );
  }
  return p;
}
