// A scan as a school's copier would make it, from a printed booklet PDF: every page drawn at the
// scanner's resolution (MuPDF), then turned, skewed, blurred, speckled and JPEG-compressed (sharp),
// shuffled, with pages dropped, doubled and blank backs slipped in — and the truth of each scanned
// page, to check where the sorting put it. Used by the QR tests and `npm run bench:qr`.
import * as mupdf from "mupdf";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";

export interface ScanDamage {
  dpi: number;
  /** quarter turns applied to the page (clockwise degrees) */
  rotate?: 0 | 90 | 180 | 270;
  /** small skew in degrees (±3 on a careless feed) */
  skew?: number;
  blur?: number;
  /** share of pixels flipped to random grey (scanner dust) */
  noise?: number;
  jpegQuality?: number;
}

export interface ScannedPage {
  /** index of the printed page in the booklet PDF; null for a blank back side */
  printed: number | null;
  damage: ScanDamage;
}

/** Deterministic random numbers (mulberry32): the same seed gives the same scan. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

async function damaged(grey: { data: Uint8Array; width: number; height: number }, d: ScanDamage, rand: () => number): Promise<Buffer> {
  const data = Buffer.from(grey.data);
  if (d.noise) for (let i = 0; i < data.length; i++) if (rand() < d.noise) data[i] = Math.floor(rand() * 256);
  let img = sharp(data, { raw: { width: grey.width, height: grey.height, channels: 1 } });
  if (d.blur) img = img.blur(d.blur);
  const turn = (d.rotate ?? 0) + (d.skew ?? 0);
  if (turn) img = img.rotate(turn, { background: "#ffffff" });
  return img.jpeg({ quality: d.jpegQuality ?? 80 }).toBuffer();
}

/** Draws the printed PDF's pages once (grey, at `dpi`), keyed by dpi. */
export class PrintedPages {
  private readonly doc: mupdf.Document;
  private readonly cache = new Map<string, { data: Uint8Array; width: number; height: number }>();

  constructor(pdf: Uint8Array) {
    this.doc = mupdf.Document.openDocument(pdf, "application/pdf");
  }

  get count(): number {
    return this.doc.countPages();
  }

  grey(index: number, dpi: number): { data: Uint8Array; width: number; height: number } {
    const key = `${index}@${dpi}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const page = this.doc.loadPage(index);
    const pix = page.toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceGray, false, true);
    const width = pix.getWidth();
    const height = pix.getHeight();
    const stride = pix.getStride();
    const px = pix.getPixels();
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) data.set(px.subarray(y * stride, y * stride + width), y * width);
    pix.destroy();
    page.destroy();
    const out = { data, width, height };
    this.cache.set(key, out);
    return out;
  }

  destroy(): void {
    this.doc.destroy();
    this.cache.clear();
  }
}

/** The scan as a PDF of JPEG pages (A4 at the scan's size), in the order given. */
export async function scanPdf(printed: PrintedPages, pages: ScannedPage[], seed = 1): Promise<Uint8Array> {
  const rand = rng(seed);
  const out = await PDFDocument.create();
  for (const p of pages) {
    const dpi = p.damage.dpi;
    const grey = p.printed === null ? blank(dpi) : printed.grey(p.printed, dpi);
    const jpg = await damaged(grey, p.damage, rand);
    const meta = await sharp(jpg).metadata();
    const img = await out.embedJpg(jpg);
    const w = (meta.width! / dpi) * 72;
    const h = (meta.height! / dpi) * 72;
    out.addPage([w, h]).drawImage(img, { x: 0, y: 0, width: w, height: h });
  }
  return out.save();
}

function blank(dpi: number): { data: Uint8Array; width: number; height: number } {
  const width = Math.round((210 / 25.4) * dpi);
  const height = Math.round((297 / 25.4) * dpi);
  return { data: new Uint8Array(width * height).fill(250), width, height };
}
