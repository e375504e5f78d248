// Small generated PDFs for the intake tests: A4 copies, A3 booklet sides, rotated pages, and the
// broken files the upload must refuse (encrypted, zero pages, empty, not a PDF).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PDFDocument, StandardFonts, degrees } from "pdf-lib";

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/korrigo");
export const fixture = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));

const A4: [number, number] = [595.28, 841.89];
const A3L: [number, number] = [1190.55, 841.89];

/** `pages` A4 pages, each saying "P<n>" so a test can tell them apart; optional sizes / rotations per page. */
export async function a4Pdf(pages: number, opts: { label?: string; sizes?: Array<[number, number]>; rotate?: number[] } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = pdf.addPage(opts.sizes?.[i] ?? A4);
    page.drawText(`${opts.label ?? "P"}${i + 1}`, { x: 50, y: page.getHeight() - 80, size: 30, font });
    if (opts.rotate?.[i]) page.setRotation(degrees(opts.rotate[i]!));
  }
  return pdf.save();
}

/** Landscape A3 sides with a label on each half: sides[k] = [left label, right label]. */
export async function a3Pdf(sides: Array<[string, string]>): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const [l, r] of sides) {
    const page = pdf.addPage(A3L);
    page.drawText(l, { x: 100, y: 700, size: 40, font });
    page.drawText(r, { x: 700, y: 700, size: 40, font });
  }
  return pdf.save();
}

export async function zeroPagePdf(): Promise<Uint8Array> {
  return (await PDFDocument.create()).save({ addDefaultPage: false });
}

/** pdf-lib cannot encrypt: a minimal PDF whose trailer points to a Standard security handler. */
export function encryptedPdf(): Uint8Array {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    "<< /Length 0 >>\nstream\n\nendstream",
    "<< /Filter /Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef) /P -44 >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** Labels drawn on the pages of a PDF, in order (pdf-lib can't extract text: we read our own content streams). */
export async function pageLabels(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const { inflateSync } = await import("node:zlib");
  return doc
    .getPages()
    .map((p) => {
      const contents = p.node.Contents();
      const streams = contents && "asArray" in contents ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
      return streams
        .map((s) => {
          const raw = s as unknown as { contents?: Uint8Array; dict?: { get(k: unknown): unknown } };
          if (!raw?.contents) return "";
          try {
            return inflateSync(raw.contents).toString("latin1");
          } catch {
            return Buffer.from(raw.contents).toString("latin1");
          }
        })
        .join("\n");
    })
    .map((text) => [...text.matchAll(/<([0-9A-Fa-f]+)> Tj/g)].map((m) => Buffer.from(m[1]!, "hex").toString("latin1")).join(" "));
}
