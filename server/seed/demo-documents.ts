// The demo exam's subject and answer key: one A4 page each, typeset with pdf-lib's standard fonts
// (French accents are in WinAnsi), matching the copies the seed scans and the exam's scale.
import { PDFDocument, StandardFonts, rgb } from "pdf-lib";

interface Block {
  heading: string;
  lines: string[];
}

const SUBJECT: Block[] = [
  {
    heading: "Exercice 1 (5 points)",
    lines: ["1.a  Résoudre dans R l’équation x² − 4x + 3 = 0.  (2 points)", "1.b  En déduire le signe de x² − 4x + 3 selon x.  (3 points)"],
  },
  {
    heading: "Exercice 2 (5 points)",
    lines: ["Soit f(x) = x² − 4x + 3.", "2.a  Calculer f′(x).  (2 points)", "2.b  Dresser le tableau de variations de f.  (3 points)"],
  },
  {
    heading: "Exercice 3 (10 points)",
    lines: [
      "Soit (u) la suite définie par u(0) = 1 et u(n+1) = 0,5 u(n) + 2.",
      "3.a  Calculer u(1) et u(2).  (4 points)",
      "3.b  Montrer que (u) converge et donner sa limite.  (6 points)",
    ],
  },
];

const ANSWERS: Block[] = [
  { heading: "Exercice 1", lines: ["1.a  Δ = 4 ; racines x = 1 et x = 3.", "1.b  Positif sur ]−∞ ; 1] ∪ [3 ; +∞[, négatif sur [1 ; 3]."] },
  { heading: "Exercice 2", lines: ["2.a  f′(x) = 2x − 4.", "2.b  f décroissante sur ]−∞ ; 2], croissante sur [2 ; +∞[, minimum f(2) = −1."] },
  { heading: "Exercice 3", lines: ["3.a  u(1) = 2,5 ; u(2) = 3,25.", "3.b  v(n) = u(n) − 4 est géométrique de raison 0,5 : (u) converge vers 4."] },
];

/** WinAnsi has no ², −, ′, Δ, ∪, ∞: spelled the way a typewriter would. */
const winAnsi = (s: string) => s.replace(/²/g, "^2").replace(/−/g, "-").replace(/′/g, "'").replace(/Δ/g, "Delta").replace(/∪/g, "U").replace(/∞/g, "inf");

async function page(title: string, subtitle: string, blocks: Block[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${title} — ${subtitle}`);
  pdf.setProducer("Korrigo (démo)");
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const p = pdf.addPage([595.28, 841.89]);
  let y = 780;
  p.drawText(winAnsi(title), { x: 60, y, size: 18, font: bold });
  y -= 24;
  p.drawText(winAnsi(subtitle), { x: 60, y, size: 12, font: regular, color: rgb(0.3, 0.3, 0.3) });
  y -= 40;
  for (const b of blocks) {
    p.drawText(winAnsi(b.heading), { x: 60, y, size: 13, font: bold });
    y -= 22;
    for (const line of b.lines) {
      p.drawText(winAnsi(line), { x: 72, y, size: 11, font: regular });
      y -= 18;
    }
    y -= 16;
  }
  return pdf.save();
}

export const demoSubjectPdf = () => page("Bac blanc de mathématiques", "Sujet — durée 2 heures, calculatrice autorisée", SUBJECT);
export const demoAnswerKeyPdf = () => page("Bac blanc de mathématiques", "Corrigé et barème (réservé aux correcteurs)", ANSWERS);
