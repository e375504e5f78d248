// The printable PDF of a print run: every page of every booklet is the template page with the
// booklet's QR code in its top-right corner (drawn as vector squares: sharp at any printer
// resolution), the same information in text under it, and on page 1 a cover block with the
// anonymous code (and, for a named booklet, the student's name and class). The template is
// embedded once and drawn on every page, so a class of 30 eight-page booklets stays small.
import { PDFDocument, StandardFonts, rgb, type PDFEmbeddedPage, type PDFFont, type PDFPage } from "pdf-lib";
import QRCode from "qrcode";
import { sanitizeLine } from "../render/pdf-text.ts";
import { formatCode, humanCode } from "./booklet-code.ts";

const MM = 72 / 25.4;
/** Printed size of the code and its distance from the page's edges. */
export const QR_SIZE_MM = 22;
export const QR_MARGIN_MM = 7;
const A4 = { w: 210 * MM, h: 297 * MM };

export interface PrintedBooklet {
  token: string;
  kind: "COPY" | "EXTRA";
  pageCount: number;
  anonymousCode: string | null;
  student: { name: string; className: string | null } | null;
}

export interface BookletPdfInput {
  secret: string;
  examTitle: string;
  /** the subject or answer template; null = blank pages */
  template: Uint8Array | null;
  booklets: PrintedBooklet[];
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Draws the code's dark modules as squares, merging runs of a row into one rectangle. */
function drawQr(page: PDFPage, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 2; // modules of white around the symbol (scanners need some; the margin gives the rest)
  const cell = size / (n + 2 * quiet);
  page.drawRectangle({ x: x - 1, y: y - 1, width: size + 2, height: size + 2, color: rgb(1, 1, 1) });
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      page.drawRectangle({ x: x + (quiet + start) * cell, y: y + size - (quiet + r + 1) * cell, width: (c - start) * cell, height: cell, color: rgb(0, 0, 0) });
    }
  }
}

function drawCover(page: PDFPage, fonts: Fonts, examTitle: string, b: PrintedBooklet): void {
  const { height } = page.getSize();
  const x = 10 * MM;
  const w = 118 * MM;
  const h = (b.student ? 30 : 22) * MM;
  const top = height - 8 * MM;
  page.drawRectangle({ x, y: top - h, width: w, height: h, color: rgb(1, 1, 1), borderColor: rgb(0, 0, 0), borderWidth: 0.8 });
  page.drawText(sanitizeLine(fonts.regular, examTitle).slice(0, 70), { x: x + 3 * MM, y: top - 6 * MM, size: 9, font: fonts.regular });
  page.drawText(sanitizeLine(fonts.bold, b.anonymousCode ?? b.token), { x: x + 3 * MM, y: top - 16 * MM, size: 22, font: fonts.bold });
  if (b.student) {
    const who = `${b.student.name}${b.student.className ? ` — ${b.student.className}` : ""}`;
    page.drawText(sanitizeLine(fonts.regular, who).slice(0, 60), { x: x + 3 * MM, y: top - 26 * MM, size: 12, font: fonts.regular });
  }
}

function drawExtraHeader(page: PDFPage, fonts: Fonts, examTitle: string): void {
  const { height } = page.getSize();
  const x = 10 * MM;
  const top = height - 8 * MM;
  page.drawRectangle({ x, y: top - 22 * MM, width: 118 * MM, height: 22 * MM, color: rgb(1, 1, 1), borderColor: rgb(0, 0, 0), borderWidth: 0.8 });
  page.drawText(sanitizeLine(fonts.bold, `Feuille supplémentaire — ${examTitle}`).slice(0, 70), { x: x + 3 * MM, y: top - 6 * MM, size: 10, font: fonts.bold });
  page.drawText("Nom, prénom ou code de la copie :", { x: x + 3 * MM, y: top - 14 * MM, size: 9, font: fonts.regular });
}

function drawLines(page: PDFPage): void {
  const { width, height } = page.getSize();
  for (let y = height - 45 * MM; y > 15 * MM; y -= 8 * MM)
    page.drawLine({ start: { x: 15 * MM, y }, end: { x: width - 15 * MM, y }, thickness: 0.3, color: rgb(0.75, 0.75, 0.75) });
}

export async function buildBookletPdf(input: BookletPdfInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${input.examTitle} — livrets`);
  pdf.setCreator("Korrigo");
  const fonts: Fonts = { regular: await pdf.embedFont(StandardFonts.Helvetica), bold: await pdf.embedFont(StandardFonts.HelveticaBold) };
  let templatePages: PDFEmbeddedPage[] = [];
  if (input.template) {
    const src = await PDFDocument.load(input.template, { ignoreEncryption: false });
    templatePages = await pdf.embedPdf(src, src.getPageIndices());
  }
  const qrSize = QR_SIZE_MM * MM;
  const margin = QR_MARGIN_MM * MM;
  for (const b of input.booklets) {
    const pages = b.kind === "EXTRA" ? 1 : b.pageCount;
    for (let p = 1; p <= pages; p++) {
      const tpl = b.kind === "COPY" ? templatePages[p - 1] : undefined;
      const size = tpl ? { w: tpl.width, h: tpl.height } : A4;
      const page = pdf.addPage([size.w, size.h]);
      if (tpl) page.drawPage(tpl, { x: 0, y: 0, width: size.w, height: size.h });
      else drawLines(page);
      const code = formatCode(input.secret, { token: b.token, page: b.kind === "EXTRA" ? "X" : p });
      drawQr(page, code, size.w - margin - qrSize, size.h - margin - qrSize, qrSize);
      const label = sanitizeLine(fonts.regular, humanCode(b.anonymousCode, b.token, b.kind === "EXTRA" ? "X" : p, b.pageCount));
      const lw = fonts.regular.widthOfTextAtSize(label, 6.5);
      page.drawText(label, { x: size.w - margin - Math.max(qrSize, lw), y: size.h - margin - qrSize - 8, size: 6.5, font: fonts.regular });
      if (b.kind === "EXTRA") drawExtraHeader(page, fonts, input.examTitle);
      else if (p === 1) drawCover(page, fonts, input.examTitle, b);
    }
  }
  return pdf.save({ useObjectStreams: true });
}

/** Template pages a subject brings (its page count is the booklet's). */
export async function templatePageCount(template: Uint8Array): Promise<number> {
  return (await PDFDocument.load(template)).getPageCount();
}
