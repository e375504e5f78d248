// Which scanned page (or half of it) goes to which copy, at which position and rotation. Pure:
// it depends on the mode, the options and the pages' sizes only, so a job that restarts after a
// crash computes the very same layout and can skip what it already stored.
import { bookletHalves } from "./a3-booklet.ts";
import type { BatchOptions } from "./batch-options.ts";
import type { SourcePageInfo } from "./pdf-problem.ts";

export type Mode = "PER_COPY" | "SPLIT_EVERY_N" | "A3_BOOKLET";
/** QR_BOOKLETS has no layout: its pages are placed by their codes (server/booklets). */

export interface PlannedPage {
  /** scanned page index in the batch file */
  side: number;
  half: "FULL" | "LEFT" | "RIGHT";
  /** clockwise turn added to the page's own /Rotate */
  rotation: 0 | 90 | 180 | 270;
  /** size as displayed (own /Rotate, half and rotation applied) */
  widthPt: number;
  heightPt: number;
}

export interface PlannedCopy {
  /** scanned pages [firstSide, endSide) feed this copy */
  firstSide: number;
  endSide: number;
  pages: PlannedPage[];
}

export interface Layout {
  copies: PlannedCopy[];
  warnings: string[];
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/** Displayed size of a source page: its own /Rotate swaps width and height. */
export function displayed(p: SourcePageInfo): { w: number; h: number } {
  return p.rotate % 180 === 0 ? { w: p.widthPt, h: p.heightPt } : { w: p.heightPt, h: p.widthPt };
}

function planPage(p: SourcePageInfo, side: number, half: PlannedPage["half"], rotation: PlannedPage["rotation"]): PlannedPage {
  const d = displayed(p);
  const w = half === "FULL" ? d.w : d.w / 2;
  const [widthPt, heightPt] = rotation % 180 === 0 ? [w, d.h] : [d.h, w];
  return { side, half, rotation, widthPt: r2(widthPt), heightPt: r2(heightPt) };
}

function fullPages(pages: SourcePageInfo[], first: number, end: number, o: BatchOptions): PlannedPage[] {
  const turn = o.normalizeLandscape === "rotate90" ? 90 : o.normalizeLandscape === "rotate270" ? 270 : 0;
  const out: PlannedPage[] = [];
  for (let i = first; i < end; i++) {
    const d = displayed(pages[i]!);
    out.push(planPage(pages[i]!, i, "FULL", d.w > d.h ? turn : 0));
  }
  return out;
}

export function planLayout(mode: Mode, pages: SourcePageInfo[], opts: BatchOptions, pagesPerCopy?: number | null): Layout {
  const n = pages.length;
  if (mode === "PER_COPY") return { copies: [{ firstSide: 0, endSide: n, pages: fullPages(pages, 0, n, opts) }], warnings: [] };
  if (mode === "SPLIT_EVERY_N") {
    const per = pagesPerCopy ?? 1;
    const copies: PlannedCopy[] = [];
    for (let first = 0; first < n; first += per) {
      const end = Math.min(n, first + per);
      copies.push({ firstSide: first, endSide: end, pages: fullPages(pages, first, end, opts) });
    }
    const rest = n % per;
    return { copies, warnings: rest ? [`${n} pages is not a multiple of ${per}: the last copy has ${rest} page(s)`] : [] };
  }
  const a3 = opts.a3!;
  const sidesPer = a3.bookletPages / 2;
  const warnings: string[] = [];
  const portrait = pages.flatMap((p, i) => (displayed(p).w < displayed(p).h ? [i + 1] : []));
  if (portrait.length)
    warnings.push(`page(s) ${portrait.slice(0, 10).join(", ")}${portrait.length > 10 ? " …" : ""} are portrait, not landscape A3: cut in two anyway`);
  if (n % sidesPer) warnings.push(`${n} scanned sides is not a multiple of ${sidesPer} (a ${a3.bookletPages}-page booklet): the last booklet is incomplete`);
  const copies: PlannedCopy[] = [];
  for (let first = 0; first < n; first += sidesPer) {
    const end = Math.min(n, first + sidesPer);
    const halves = bookletHalves(first, end - first, a3);
    copies.push({ firstSide: first, endSide: end, pages: halves.map((h) => planPage(pages[h.side]!, h.side, h.half, h.turned ? 180 : 0)) });
  }
  return { copies, warnings };
}
