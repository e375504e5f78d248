// A3 booklets: each scanned A3 side holds two A4 pages side by side. A booklet of P pages is
// P/4 nested sheets folded in half; sheet s (0 = outermost), scanned recto then verso, shows
//   recto [P-2s | 1+2s]   verso [2+2s | P-1-2s]
// e.g. one sheet (P = 4): [4|1] then [2|3]. We cut every side into its LEFT and RIGHT halves
// and sort the halves by page number. Pure: no PDF, no database.
import type { A3Options } from "./batch-options.ts";

export interface HalfRef {
  /** scanned side, 0-based within the whole batch */
  side: number;
  half: "LEFT" | "RIGHT";
  /** verso scanned upside down: turned 180° (its halves are then swapped) */
  turned: boolean;
}

/** Page numbers (1-based) on the left and right of side j of a P-page booklet. */
export function bookletPageNumbers(pages: number, j: number, sheetOrder: A3Options["sheetOrder"]): [number, number] {
  const sheets = pages / 4;
  const nominal = Math.floor(j / 2);
  const s = sheetOrder === "outer-first" ? nominal : sheets - 1 - nominal;
  return j % 2 === 0 ? [pages - 2 * s, 1 + 2 * s] : [2 + 2 * s, pages - 1 - 2 * s];
}

/** The reading order of the halves of `sides` consecutive scanned sides starting at `first`. */
export function bookletHalves(first: number, sides: number, o: A3Options): HalfRef[] {
  const out: Array<HalfRef & { n: number }> = [];
  for (let j = 0; j < sides; j++) {
    const verso = j % 2 === 1;
    const turned = verso && o.versoRotated;
    // a side turned 180° shows its right half on the left once put upright
    const [leftHalf, rightHalf]: ["LEFT" | "RIGHT", "LEFT" | "RIGHT"] = turned ? ["RIGHT", "LEFT"] : ["LEFT", "RIGHT"];
    const [nl, nr] = o.order === "flat" ? [2 * j + 1, 2 * j + 2] : bookletPageNumbers(o.bookletPages, j, o.sheetOrder);
    out.push({ side: first + j, half: leftHalf, turned, n: nl }, { side: first + j, half: rightHalf, turned, n: nr });
  }
  return out.sort((a, b) => a.n - b.n).map(({ side, half, turned }) => ({ side, half, turned }));
}
