// Generates a scan-like exam copy (A4 pages): off-white paper, speckles, a slight skew, a header
// with the student's name written in, ruled lines and answers. Used by the demo and by tests.
import { PDFDocument, StandardFonts, degrees, rgb, type PDFFont, type PDFPage } from "pdf-lib";

const A4: [number, number] = [595.28, 841.89];

export interface ScanLikeOptions {
  studentName?: string;
  className?: string;
  examTitle?: string;
  pages?: number;
  seed?: number;
}

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const ANSWERS = [
  "f(x) = x² - 4x + 3 donc f'(x) = 2x - 4",
  "f'(x) = 0 pour x = 2 : minimum f(2) = -1",
  "Les racines sont x = 1 et x = 3.",
  "u(n+1) = 0,5 u(n) + 2 ; la suite converge vers 4",
  "P(A ∩ B) = P(A) × P(B) = 0,12".replace("∩", "inter").replace("×", "x"),
  "Donc l'équation admet une unique solution.",
  "On en déduit que la fonction est croissante.",
  "Vecteur AB (3 ; -2), AC (6 ; -4) : colinéaires.",
];

function header(page: PDFPage, hand: PDFFont, print: PDFFont, o: Required<ScanLikeOptions>) {
  const [w, h] = A4;
  page.drawRectangle({ x: 40, y: h - 130, width: w - 80, height: 90, borderColor: rgb(0.2, 0.2, 0.2), borderWidth: 1 });
  page.drawText(o.examTitle, { x: 52, y: h - 60, size: 13, font: print, color: rgb(0.15, 0.15, 0.15) });
  page.drawText("Nom et prénom :", { x: 52, y: h - 90, size: 11, font: print, color: rgb(0.2, 0.2, 0.2) });
  page.drawText("Classe :", { x: 52, y: h - 115, size: 11, font: print, color: rgb(0.2, 0.2, 0.2) });
  page.drawText(o.studentName, { x: 150, y: h - 92, size: 16, font: hand, color: rgb(0.08, 0.12, 0.45), rotate: degrees(1.2) });
  page.drawText(o.className, { x: 110, y: h - 117, size: 14, font: hand, color: rgb(0.08, 0.12, 0.45) });
}

export async function scanLikeCopyPdf(opts: ScanLikeOptions = {}): Promise<Uint8Array> {
  const o: Required<ScanLikeOptions> = {
    studentName: "DUPONT Jean",
    className: "TG4",
    examTitle: "Bac blanc de mathématiques",
    pages: 2,
    seed: 1,
    ...opts,
  };
  const rand = rng(o.seed);
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${o.examTitle} — copie scannée`);
  pdf.setProducer("Korrigo demo scanner");
  const hand = await pdf.embedFont(StandardFonts.CourierOblique);
  const print = await pdf.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < o.pages; p++) {
    const page = pdf.addPage(A4);
    const [w, h] = A4;
    const tone = 0.93 + rand() * 0.04;
    page.drawRectangle({ x: 0, y: 0, width: w, height: h, color: rgb(tone, tone, tone * 0.98) });
    for (let i = 0; i < 160; i++) {
      const g = 0.55 + rand() * 0.35;
      page.drawCircle({ x: rand() * w, y: rand() * h, size: rand() * 0.9 + 0.2, color: rgb(g, g, g), opacity: 0.6 });
    }
    if (p === 0) header(page, hand, print, o);
    const top = p === 0 ? h - 160 : h - 60;
    const skew = (rand() - 0.5) * 1.4;
    for (let y = top, line = 0; y > 60; y -= 24, line++) {
      page.drawLine({ start: { x: 40, y }, end: { x: w - 40, y: y + skew }, thickness: 0.4, color: rgb(0.62, 0.72, 0.85) });
      if (line % 3 === 0)
        page.drawText(`Exercice ${Math.floor(line / 3) + 1 + p * 10}`, { x: 44, y: y + 5, size: 11, font: print, color: rgb(0.25, 0.25, 0.25) });
      else if (rand() > 0.25)
        page.drawText(ANSWERS[Math.floor(rand() * ANSWERS.length)]!.replace("²", "^2"), {
          x: 60 + rand() * 20,
          y: y + 5,
          size: 12,
          font: hand,
          color: rgb(0.08, 0.12, 0.45),
          rotate: degrees(skew),
        });
    }
    page.drawText(`${p + 1} / ${o.pages}`, { x: w / 2 - 10, y: 30, size: 9, font: print, color: rgb(0.3, 0.3, 0.3) });
  }
  return pdf.save();
}
