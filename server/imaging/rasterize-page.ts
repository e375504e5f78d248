// Rasterizes one page with MuPDF (WASM, synchronous: runs inside a raster thread only) and encodes
// its variants with sharp: the page as displayed (its half of an A3 side, turned by its rotation),
// grey, scaled under hard caps; redacted twins get the identity zones' pixels replaced.
import fs from "node:fs";
import * as mupdf from "mupdf";
import sharp from "sharp";
import type { IdentityZone } from "./identity-zones.ts";
import { ENCODING, MAX_DPI, MAX_SOURCE_IMAGE_PIXELS, MAX_PIXELS, REDACTION_GREY, TARGET_WIDTH, type Variant } from "./image-sizes.ts";

export interface RasterRequest {
  file: string;
  sourcePage: number;
  rotation: number;
  half: string;
  /** the variants wanted; `zones` non-null = the redacted twin with those zones painted over */
  outputs: Array<{ variant: Variant; zones: IdentityZone[] | null }>;
}

export interface RasterOutput {
  variant: Variant;
  redacted: boolean;
  bytes: Uint8Array;
  width: number;
  height: number;
}

interface Raw {
  data: Buffer;
  width: number;
  height: number;
}

/** Scale (pixels per point) for a target width of the page as displayed, under the caps. */
export function rasterScale(fullW: number, fullH: number, displayedW: number, targetWidth: number): number {
  const want = targetWidth / Math.max(displayedW, 1);
  const byPixels = Math.sqrt(MAX_PIXELS / Math.max(fullW * fullH, 1));
  return Math.max(Math.min(want, MAX_DPI / 72, byPixels), 1e-3);
}

type PdfObj = ReturnType<mupdf.PDFPage["getObject"]>;

/** The largest image (in pixels) the page draws, forms included: decoding it costs that much memory. */
export function largestImage(resources: PdfObj, depth = 0): number {
  if (depth > 4 || resources.isNull() || !resources.isDictionary()) return 0;
  const xobjects = resources.get("XObject");
  if (xobjects.isNull() || !xobjects.isDictionary()) return 0;
  let largest = 0;
  xobjects.forEach((x) => {
    const kind = x.get("Subtype");
    if (kind.isName() && kind.asName() === "Image") largest = Math.max(largest, x.get("Width").asNumber() * x.get("Height").asNumber());
    else if (kind.isName() && kind.asName() === "Form") largest = Math.max(largest, largestImage(x.get("Resources"), depth + 1));
  });
  return largest;
}

/**
 * The documents this thread opened last, parsed once for all their pages (a batch's copies are all
 * cut from the same scan). Keyed by path, size and modification time: a file written again is read again.
 */
const OPEN_DOCS = 2;
const openDocs = new Map<string, { stamp: string; doc: mupdf.Document }>();

export function openDoc(file: string): mupdf.Document {
  const st = fs.statSync(file);
  const stamp = `${st.size}|${st.mtimeMs}|${st.ino}`;
  const hit = openDocs.get(file);
  openDocs.delete(file);
  if (hit?.stamp === stamp) {
    openDocs.set(file, hit);
    return hit.doc;
  }
  hit?.doc.destroy();
  const doc = mupdf.Document.openDocument(fs.readFileSync(file), "application/pdf");
  openDocs.set(file, { stamp, doc });
  while (openDocs.size > OPEN_DOCS) {
    const [oldest, d] = openDocs.entries().next().value!;
    openDocs.delete(oldest);
    d.doc.destroy();
  }
  return doc;
}

/**
 * Once a page is drawn: MuPDF's store (its cache of decoded images, fonts…, up to 256 MB per raster
 * thread, in a WASM heap that never shrinks) is emptied. Each scanned page holds its own image, so
 * nothing in it serves the next page; kept, it grew every raster thread's heap by ~120 MB on a
 * 600-page batch (the worker peaked at 820 MB instead of 600). Vector pages re-read their fonts:
 * no measurable cost on copy_12p_heavy.pdf (bench:raster).
 */
export function forgetDecoded(): void {
  mupdf.emptyStore();
}

/** A document that failed on a page is not kept (it may be what went wrong). */
function dropDoc(file: string): void {
  openDocs.get(file)?.doc.destroy();
  openDocs.delete(file);
}

async function renderDisplayed(req: RasterRequest, targetWidth: number): Promise<Raw> {
  let raw: Raw;
  try {
    raw = renderPage(openDoc(req.file), req, targetWidth);
  } catch (e) {
    dropDoc(req.file);
    throw e;
  } finally {
    forgetDecoded();
  }
  if (req.half === "FULL" && req.rotation % 360 === 0) return raw; // as displayed already
  const { width, height } = raw;
  let img = sharp(raw.data, { raw: { width, height, channels: 1 } });
  if (req.half !== "FULL") {
    const w = Math.max(1, Math.floor(width / 2));
    img = img.extract({ left: req.half === "LEFT" ? 0 : width - w, top: 0, width: w, height });
  }
  if (req.rotation % 360 !== 0) img = img.rotate(req.rotation);
  const { data: out, info } = await img.toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
  return { data: out.subarray(0, info.width * info.height), width: info.width, height: info.height };
}

/** The whole source page in grey, at the scale its displayed part needs (under the caps). */
function renderPage(doc: mupdf.Document, req: RasterRequest, targetWidth: number): Raw {
  if (req.sourcePage < 0 || req.sourcePage >= doc.countPages()) throw new Error(`page ${req.sourcePage + 1} does not exist`);
  const page = doc.loadPage(req.sourcePage);
  try {
    if (page instanceof mupdf.PDFPage) {
      const pixels = largestImage(page.getObject().getInheritable("Resources"));
      if (pixels > MAX_SOURCE_IMAGE_PIXELS)
        throw new Error(`it holds an image of ${Math.round(pixels / 1e6)} megapixels (at most ${MAX_SOURCE_IMAGE_PIXELS / 1e6} are read)`);
    }
    const [x0, y0, x1, y1] = page.getBounds();
    const fullW = x1 - x0;
    const fullH = y1 - y0;
    if (!(fullW > 0 && fullH > 0)) throw new Error("the page has no area");
    const halfW = req.half === "FULL" ? fullW : fullW / 2;
    const displayedW = req.rotation % 180 === 0 ? halfW : fullH;
    const s = rasterScale(fullW, fullH, displayedW, targetWidth);
    const pix = page.toPixmap(mupdf.Matrix.scale(s, s), mupdf.ColorSpace.DeviceGray, false, true);
    try {
      const width = pix.getWidth();
      const height = pix.getHeight();
      const stride = pix.getStride();
      const px = pix.getPixels();
      // out of the WASM heap (its memory is reused by the next page)
      const data = Buffer.alloc(width * height);
      if (stride === width) data.set(px.subarray(0, width * height));
      else for (let y = 0; y < height; y++) data.set(px.subarray(y * stride, y * stride + width), y * width);
      return { data, width, height };
    } finally {
      pix.destroy();
    }
  } finally {
    page.destroy();
  }
}

/** Replaces the zones' pixels in a copy of the raster (the original bytes are never reused). */
export function redact(raw: Raw, zones: readonly IdentityZone[]): Raw {
  const data = Buffer.from(raw.data);
  for (const zn of zones) {
    const x0 = Math.max(0, Math.floor(zn.x * raw.width));
    const x1 = Math.min(raw.width, Math.ceil((zn.x + zn.w) * raw.width));
    const y0 = Math.max(0, Math.floor(zn.y * raw.height));
    const y1 = Math.min(raw.height, Math.ceil((zn.y + zn.h) * raw.height));
    for (let y = y0; y < y1; y++) data.fill(REDACTION_GREY, y * raw.width + x0, y * raw.width + x1);
  }
  return { ...raw, data };
}

async function encode(raw: Raw, variant: Variant): Promise<{ bytes: Uint8Array; width: number; height: number }> {
  let img = sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 1 } });
  if (raw.width > TARGET_WIDTH[variant]) img = img.resize({ width: TARGET_WIDTH[variant] });
  const enc = ENCODING[variant];
  const { data, info } = await (enc.format === "jpeg"
    ? img.toColourspace("b-w").jpeg({ quality: enc.quality })
    : img.webp({ quality: enc.quality, effort: enc.effort })
  ).toBuffer({
    resolveWithObject: true,
  });
  return { bytes: new Uint8Array(data), width: info.width, height: info.height };
}

export async function rasterizePage(req: RasterRequest): Promise<RasterOutput[]> {
  if (req.outputs.length === 0) return [];
  const largest = req.outputs.some((o) => o.variant === "high") ? "high" : req.outputs.some((o) => o.variant === "read") ? "read" : "thumb";
  const raw = await renderDisplayed(req, TARGET_WIDTH[largest]);
  const out: RasterOutput[] = [];
  for (const o of req.outputs) {
    const source = o.zones ? redact(raw, o.zones) : raw;
    out.push({ variant: o.variant, redacted: o.zones !== null, ...(await encode(source, o.variant)) });
  }
  return out;
}
