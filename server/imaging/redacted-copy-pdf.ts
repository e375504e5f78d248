// The copy PDF for those who may not know the student: built from the page images (redacted
// twins where an identity zone lies), never from the scan, so no original pixel is inside. Cached
// under the hash of what it is made of (pages + zones), which is also its ETag.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
export { REDACTED_PDF_KIND, redactedPdfHash } from "./redacted-pdf-hash.ts";
import type { MediaStore } from "../storage/media-store.ts";
import type { IdentityZone } from "./identity-zones.ts";
import { imageContentType } from "./image-sizes.ts";
import type { PageImageService } from "./page-image-service.ts";
import { REDACTED_PDF_KIND } from "./redacted-pdf-hash.ts";
import { pageZones, type PageForImages } from "./wanted-images.ts";

export type RedactablePage = PageForImages & { id: string; widthPt: number; heightPt: number; imageError: string | null };

async function build(images: PageImageService, examId: string, pages: RedactablePage[], zones: IdentityZone[], title: string): Promise<Uint8Array> {
  const out = await PDFDocument.create({ updateMetadata: false });
  out.setTitle(title);
  out.setProducer("Korrigo");
  for (const page of pages) {
    const img = await images.ensure({ page, examId, zones, redactZones: pageZones(page, zones) }, "read");
    // pdf-lib embeds JPEG and PNG only: the reading image is a JPEG (one stored before as WebP is
    // re-encoded); either way made from the (redacted) image, never from the scan
    const bytes = await fs.promises.readFile(img.abs);
    const jpeg = imageContentType(img.abs) === "image/jpeg" ? bytes : await sharp(bytes).jpeg({ quality: 80 }).toBuffer();
    const embedded = await out.embedJpg(jpeg);
    const p = out.addPage([page.widthPt, page.heightPt]);
    p.drawImage(embedded, { x: 0, y: 0, width: page.widthPt, height: page.heightPt });
  }
  return out.save({ addDefaultPage: false });
}

const building = new Map<string, Promise<string>>();

export function cachedRedactedPdf(
  media: MediaStore,
  images: PageImageService,
  examId: string,
  pages: RedactablePage[],
  zones: IdentityZone[],
  title: string,
  hash: string,
): Promise<string> {
  const abs = media.abs(media.relPath(REDACTED_PDF_KIND, hash, "pdf"));
  if (fs.existsSync(abs)) return Promise.resolve(abs);
  let p = building.get(hash);
  if (!p) {
    p = (async () => {
      const bytes = await build(images, examId, pages, zones, title);
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
