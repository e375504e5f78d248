// The PDF of one copy as the browser shows it: its pages in order, each half of an A3 side
// cropped (CropBox) and turned (/Rotate) — no rasterization. Built with pdf-lib from the
// single-page PDFs the split job wrote (our own, already validated output: small and safe to
// load in-process), then cached on disk under the hash of the page list, which is also the ETag.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PDFDocument, PDFName, degrees, type PDFPage } from "pdf-lib";
import type { MediaStore } from "../storage/media-store.ts";
import { pageListHash, type CopyPageRef } from "./page-list-hash.ts";

export { pageListHash, type CopyPageRef } from "./page-list-hash.ts";

const quarter = (a: number) => (((Math.round(a / 90) % 4) + 4) % 4) * 90;

/** Crops a page to the LEFT/RIGHT half of its display (its own /Rotate applied), in user space. */
export function cropHalf(page: PDFPage, half: CopyPageRef["half"]): void {
  if (half === "FULL") return;
  const b = page.getCropBox();
  const turn = quarter(page.getRotation().angle);
  const first = half === "LEFT";
  // which user-space axis runs left→right on screen, and in which direction
  let box: { x: number; y: number; width: number; height: number };
  if (turn === 0) box = { x: first ? b.x : b.x + b.width / 2, y: b.y, width: b.width / 2, height: b.height };
  else if (turn === 180) box = { x: first ? b.x + b.width / 2 : b.x, y: b.y, width: b.width / 2, height: b.height };
  else if (turn === 90) box = { x: b.x, y: first ? b.y : b.y + b.height / 2, width: b.width, height: b.height / 2 };
  else box = { x: b.x, y: first ? b.y + b.height / 2 : b.y, width: b.width, height: b.height / 2 };
  page.setMediaBox(box.x, box.y, box.width, box.height);
  page.setCropBox(box.x, box.y, box.width, box.height);
  for (const k of ["TrimBox", "BleedBox", "ArtBox"]) page.node.delete(PDFName.of(k));
}

export async function assembleCopyPdf(media: MediaStore, pages: CopyPageRef[], title: string): Promise<Uint8Array> {
  const out = await PDFDocument.create({ updateMetadata: false });
  out.setTitle(title);
  out.setProducer("Korrigo");
  const placed = new Array<PDFPage>(pages.length);
  const bySource = new Map<string, number[]>();
  pages.forEach((p, i) => bySource.set(p.sourcePath, [...(bySource.get(p.sourcePath) ?? []), i]));
  for (const [sourcePath, indexes] of bySource) {
    const src = await PDFDocument.load(await fs.promises.readFile(media.abs(sourcePath)), { updateMetadata: false });
    // one copyPages call per source: an image shared by both halves is copied once
    const copied = await out.copyPages(
      src,
      indexes.map((i) => pages[i]!.sourcePage),
    );
    indexes.forEach((i, k) => (placed[i] = copied[k]!));
  }
  placed.forEach((page, i) => {
    const ref = pages[i]!;
    cropHalf(page, ref.half);
    page.setRotation(degrees(quarter(page.getRotation().angle + ref.rotation)));
    out.addPage(page);
  });
  return out.save({ addDefaultPage: false });
}

const building = new Map<string, Promise<string>>();

/** The cached file of this page list (built once, concurrent callers share the build). */
export function cachedCopyPdf(media: MediaStore, pages: CopyPageRef[], title: string, hash = pageListHash(pages)): Promise<string> {
  const abs = media.abs(media.relPath("copies", hash, "pdf"));
  if (fs.existsSync(abs)) return Promise.resolve(abs);
  let p = building.get(hash);
  if (!p) {
    p = (async () => {
      const bytes = await assembleCopyPdf(media, pages, title);
      await fs.promises.mkdir(path.dirname(abs), { recursive: true });
      const tmp = `${abs}.${process.pid}.${crypto.randomUUID()}.tmp`;
      await fs.promises.writeFile(tmp, bytes);
      await fs.promises.rename(tmp, abs);
      return abs;
    })().finally(() => building.delete(hash));
    building.set(hash, p);
  }
  return p;
}
