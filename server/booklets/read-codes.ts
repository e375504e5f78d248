// Reads the booklet codes of one scanned page. Runs inside a raster thread only (MuPDF's WASM and
// zxing's are synchronous): the page is drawn in grey as displayed (its own /Rotate applied), then
// zxing looks at the four corners first (the code is printed in one corner; a page scanned turned
// brings it to another), then, if no corner gave a code, at the whole page. The symbol's own
// orientation says how the page must be turned to stand upright.
import fs from "node:fs";
import { createRequire } from "node:module";
import * as mupdf from "mupdf";
import { prepareZXingModule, readBarcodes, type ReadResult } from "zxing-wasm/reader";
import { MAX_SOURCE_IMAGE_PIXELS } from "../imaging/image-sizes.ts";
import { largestImage, openDoc } from "../imaging/rasterize-page.ts";

export interface CodeScanRequest {
  file: string;
  sourcePage: number;
}

export interface FoundCode {
  text: string;
  /** clockwise turn of the symbol on the page as displayed, snapped to 0/90/180/270 */
  orientation: 0 | 90 | 180 | 270;
}

export interface CodeScan {
  codes: FoundCode[];
  /** share of dark pixels: a page with no code and (almost) no ink is a blank back side */
  ink: number;
  error?: string;
}

/** Pixels across the page's shorter side: ~150 dpi on A4, the code's modules ~4 px wide. */
const SHORT_SIDE_PX = 1240;
/** A corner crop: this share of the shorter side, square. */
const CORNER = 0.34;
const DARK = 110;

let ready: Promise<unknown> | undefined;
function zxing(): Promise<unknown> {
  const require = createRequire(import.meta.url);
  return (ready ??= prepareZXingModule({ overrides: { wasmBinary: fs.readFileSync(require.resolve("zxing-wasm/reader/zxing_reader.wasm")) }, fireImmediately: true }));
}

interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

function drawGrey(file: string, sourcePage: number): Grey {
  const doc = openDoc(file);
  if (sourcePage < 0 || sourcePage >= doc.countPages()) throw new Error(`page ${sourcePage + 1} does not exist`);
  const page = doc.loadPage(sourcePage);
  try {
    if (page instanceof mupdf.PDFPage) {
      const pixels = largestImage(page.getObject().getInheritable("Resources"));
      if (pixels > MAX_SOURCE_IMAGE_PIXELS) throw new Error(`it holds an image of ${Math.round(pixels / 1e6)} megapixels`);
    }
    const [x0, y0, x1, y1] = page.getBounds();
    const short = Math.min(x1 - x0, y1 - y0);
    if (!(short > 0)) throw new Error("the page has no area");
    const s = Math.min(SHORT_SIDE_PX / short, 400 / 72);
    const pix = page.toPixmap(mupdf.Matrix.scale(s, s), mupdf.ColorSpace.DeviceGray, false, true);
    try {
      const width = pix.getWidth();
      const height = pix.getHeight();
      const stride = pix.getStride();
      const px = pix.getPixels();
      const data = new Uint8Array(width * height);
      for (let y = 0; y < height; y++) data.set(px.subarray(y * stride, y * stride + width), y * width);
      return { data, width, height };
    } finally {
      pix.destroy();
    }
  } finally {
    page.destroy();
  }
}

function crop(g: Grey, left: number, top: number, w: number, h: number): ImageData {
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const row = (top + y) * g.width + left;
    for (let x = 0; x < w; x++) {
      const v = g.data[row + x]!;
      const o = (y * w + x) * 4;
      rgba[o] = v;
      rgba[o + 1] = v;
      rgba[o + 2] = v;
      rgba[o + 3] = 255;
    }
  }
  return { data: rgba, width: w, height: h, colorSpace: "srgb" } as ImageData;
}

function inkShare(g: Grey): number {
  let dark = 0;
  const step = 3; // every third pixel: plenty for a share
  let seen = 0;
  // leave out a 4 % border: scanner edges and punched holes are not ink
  const bx = Math.floor(g.width * 0.04);
  const by = Math.floor(g.height * 0.04);
  for (let y = by; y < g.height - by; y += step) {
    for (let x = bx; x < g.width - bx; x += step) {
      seen++;
      if (g.data[y * g.width + x]! < DARK) dark++;
    }
  }
  return seen ? dark / seen : 0;
}

const snap = (deg: number): FoundCode["orientation"] => ((((Math.round(deg / 90) * 90) % 360) + 360) % 360) as FoundCode["orientation"];

async function decode(img: ImageData, tryHarder: boolean): Promise<ReadResult[]> {
  return (await readBarcodes(img, { formats: ["QRCode"], tryHarder, tryRotate: true, tryInvert: false, maxNumberOfSymbols: 4 })).filter((r) => r.isValid && r.text);
}

export async function readCodes(req: CodeScanRequest): Promise<CodeScan> {
  await zxing();
  const g = drawGrey(req.file, req.sourcePage);
  const side = Math.floor(Math.min(g.width, g.height) * CORNER);
  const corners: Array<[number, number]> = [
    [g.width - side, 0],
    [0, g.height - side],
    [0, 0],
    [g.width - side, g.height - side],
  ];
  const found = new Map<string, FoundCode>();
  const take = (rs: ReadResult[]) => rs.forEach((r) => found.has(r.text) || found.set(r.text, { text: r.text, orientation: snap(r.orientation) }));
  for (const tryHarder of [false, true]) {
    for (const [left, top] of corners) take(await decode(crop(g, left, top, side, side), tryHarder));
    if (found.size) break;
  }
  if (!found.size) take(await decode(crop(g, 0, 0, g.width, g.height), true));
  return { codes: [...found.values()], ink: inkShare(g) };
}
