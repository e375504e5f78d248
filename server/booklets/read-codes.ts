// Reads the booklet codes of one scanned page. Runs inside a raster thread only (MuPDF's WASM and
// zxing's are synchronous). The page is first drawn small (a quarter of the pixels: the JPEG of a
// scan decodes at half size, ~4× cheaper) to see which corners carry ink; only those corners are
// drawn at reading resolution, the printed one (top right) first, and zxing reads them (the code
// is printed in one corner; a page scanned turned brings it to another). Only a page where no
// corner gave a code is drawn whole and read whole. The symbol's own orientation says how the
// page must be turned to stand upright.
import fs from "node:fs";
import { createRequire } from "node:module";
import * as mupdf from "mupdf";
import { prepareZXingModule, readBarcodes, type ReadResult } from "zxing-wasm/reader";
import { MAX_SOURCE_IMAGE_PIXELS } from "../imaging/image-sizes.ts";
import { forgetDecoded, largestImage, openDoc } from "../imaging/rasterize-page.ts";

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
/** The first look at the page: half that in each direction. */
const GLANCE = 0.5;
/** A corner crop: this share of the shorter side, square. */
const CORNER = 0.34;
const DARK = 110;
/** A corner with less dark than this (seen small) holds no code: a printed code darkens ~5 % of it. */
const CORNER_INK = 0.008;

/** Loads zxing's WASM (a thread warmed before a batch reads its first page at once). */
export const prepareCodeReader = (): Promise<unknown> => zxing();

let ready: Promise<unknown> | undefined;
function zxing(): Promise<unknown> {
  const require = createRequire(import.meta.url);
  return (ready ??= prepareZXingModule({
    overrides: { wasmBinary: fs.readFileSync(require.resolve("zxing-wasm/reader/zxing_reader.wasm")) },
    fireImmediately: true,
  }));
}

interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

type Box = [number, number, number, number];

/** Draws one box of the page (device pixels at scale s) in grey: a corner costs a fraction of the page. */
function drawBox(page: mupdf.Page, s: number, box: Box): Grey {
  const pix = new mupdf.Pixmap(mupdf.ColorSpace.DeviceGray, box, false);
  try {
    pix.clear(255);
    const dev = new mupdf.DrawDevice(mupdf.Matrix.identity, pix);
    try {
      page.run(dev, mupdf.Matrix.scale(s, s));
      dev.close();
    } finally {
      dev.destroy();
    }
    const width = pix.getWidth();
    const height = pix.getHeight();
    const stride = pix.getStride();
    const px = pix.getPixels();
    const data = new Uint8Array(width * height);
    if (stride === width) data.set(px.subarray(0, width * height));
    else for (let y = 0; y < height; y++) data.set(px.subarray(y * stride, y * stride + width), y * width);
    return { data, width, height };
  } finally {
    pix.destroy();
  }
}

/** The page's box in device pixels at scale s. */
function pageBox(bounds: mupdf.Rect, s: number): Box {
  const [x0, y0, x1, y1] = bounds;
  return [Math.floor(x0 * s), Math.floor(y0 * s), Math.ceil(x1 * s), Math.ceil(y1 * s)];
}

/** The four corner squares of a box, the printed corner (top right) first. */
function corners(box: Box, side: number): Box[] {
  const [x0, y0, x1, y1] = box;
  return [
    [x1 - side, y0, x1, y0 + side],
    [x0, y1 - side, x0 + side, y1],
    [x0, y0, x0 + side, y0 + side],
    [x1 - side, y1 - side, x1, y1],
  ];
}

function toImage(g: Grey): ImageData {
  const rgba = new Uint8ClampedArray(g.width * g.height * 4);
  for (let i = 0, o = 0; i < g.data.length; i++, o += 4) {
    const v = g.data[i]!;
    rgba[o] = v;
    rgba[o + 1] = v;
    rgba[o + 2] = v;
    rgba[o + 3] = 255;
  }
  return { data: rgba, width: g.width, height: g.height, colorSpace: "srgb" } as ImageData;
}

/** Share of dark pixels in a box of g (every `step`th pixel). */
function darkShare(g: Grey, left: number, top: number, w: number, h: number, step: number): number {
  let dark = 0;
  let seen = 0;
  for (let y = top; y < top + h; y += step) {
    for (let x = left; x < left + w; x += step) {
      seen++;
      if (g.data[y * g.width + x]! < DARK) dark++;
    }
  }
  return seen ? dark / seen : 0;
}

/** The page's ink, leaving out a 4 % border: scanner edges and punched holes are not ink. */
function inkShare(g: Grey, step: number): number {
  const bx = Math.floor(g.width * 0.04);
  const by = Math.floor(g.height * 0.04);
  return darkShare(g, bx, by, g.width - 2 * bx, g.height - 2 * by, step);
}

const snap = (deg: number): FoundCode["orientation"] => ((((Math.round(deg / 90) * 90) % 360) + 360) % 360) as FoundCode["orientation"];

async function decode(img: ImageData, tryHarder: boolean): Promise<ReadResult[]> {
  return (await readBarcodes(img, { formats: ["QRCode"], tryHarder, tryRotate: true, tryInvert: false, maxNumberOfSymbols: 4 })).filter(
    (r) => r.isValid && r.text,
  );
}

/** Per-page timings of this thread (bench:qr-profile reads them; nothing else does). */
export const readTimings: Array<{ draw: number; decode: number; tries: number }> = [];

function openPage(req: CodeScanRequest): mupdf.Page {
  const doc = openDoc(req.file);
  if (req.sourcePage < 0 || req.sourcePage >= doc.countPages()) throw new Error(`page ${req.sourcePage + 1} does not exist`);
  const page = doc.loadPage(req.sourcePage);
  if (page instanceof mupdf.PDFPage) {
    const pixels = largestImage(page.getObject().getInheritable("Resources"));
    if (pixels > MAX_SOURCE_IMAGE_PIXELS) {
      page.destroy();
      throw new Error(`it holds an image of ${Math.round(pixels / 1e6)} megapixels`);
    }
  }
  return page;
}

export async function readCodes(req: CodeScanRequest): Promise<CodeScan> {
  await zxing();
  const page = openPage(req);
  const timing = { draw: 0, decode: 0, tries: 0 };
  const timed = <T>(k: "draw" | "decode", f: () => T): T => {
    const t0 = performance.now();
    try {
      return f();
    } finally {
      timing[k] += performance.now() - t0;
    }
  };
  try {
    const bounds = page.getBounds();
    const short = Math.min(bounds[2] - bounds[0], bounds[3] - bounds[1]);
    if (!(short > 0)) throw new Error("the page has no area");
    const s = Math.min(SHORT_SIDE_PX / short, 400 / 72);
    const glance = timed("draw", () => drawBox(page, s * GLANCE, pageBox(bounds, s * GLANCE)));
    const smallSide = Math.floor(Math.min(glance.width, glance.height) * CORNER);
    const smallCorners = corners([0, 0, glance.width, glance.height], smallSide);
    const full = pageBox(bounds, s);
    const inked = corners(full, Math.floor(Math.min(full[2] - full[0], full[3] - full[1]) * CORNER)).filter((_, i) => {
      const [l, t] = smallCorners[i]!;
      return darkShare(glance, l, t, smallSide, smallSide, 1) >= CORNER_INK;
    });
    const found = new Map<string, FoundCode>();
    const take = (rs: ReadResult[]) => rs.forEach((r) => found.has(r.text) || found.set(r.text, { text: r.text, orientation: snap(r.orientation) }));
    const drawn = new Map<Box, ImageData>();
    for (const tryHarder of [false, true]) {
      for (const box of inked) {
        let img = drawn.get(box);
        if (!img) drawn.set(box, (img = timed("draw", () => toImage(drawBox(page, s, box)))));
        timing.tries++;
        const image = img;
        take(await timedAsync(timing, () => decode(image, tryHarder)));
      }
      if (found.size) break;
    }
    if (found.size) return { codes: [...found.values()], ink: inkShare(glance, 2) };
    // no corner gave a code: the whole page at reading resolution (a code elsewhere, or none: then its ink)
    const whole = timed("draw", () => drawBox(page, s, full));
    timing.tries++;
    take(await timedAsync(timing, () => decode(toImage(whole), true)));
    return { codes: [...found.values()], ink: inkShare(whole, 3) };
  } finally {
    page.destroy();
    forgetDecoded(); // the page's image was decoded once for all its draws above; the next page has its own
    if (readTimings.length < 10_000) readTimings.push(timing);
  }
}

async function timedAsync<T>(timing: { decode: number }, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await f();
  } finally {
    timing.decode += performance.now() - t0;
  }
}
