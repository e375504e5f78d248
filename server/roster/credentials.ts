// The initial portal passwords, handed to the admin once: a CSV and a printable A4 PDF table
// (class, name, login, password). Never stored: they exist only in the import's response.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";

export interface Credential {
  className: string | null;
  lastName: string;
  firstName: string;
  login: string;
  password: string;
}

export function sortCredentials(list: Credential[]): Credential[] {
  return [...list].sort(
    (a, b) =>
      (a.className ?? "").localeCompare(b.className ?? "", "fr") || a.lastName.localeCompare(b.lastName, "fr") || a.firstName.localeCompare(b.firstName, "fr"),
  );
}

const csvCell = (s: string) => (/[";\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : s);

/** UTF-8 with BOM and `;`: what French spreadsheet software opens correctly. */
export function credentialsCsv(list: Credential[]): string {
  const lines = [["classe", "nom", "prenom", "identifiant", "mot_de_passe"].join(";")];
  for (const c of sortCredentials(list)) lines.push([c.className ?? "", c.lastName, c.firstName, c.login, c.password].map(csvCell).join(";"));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

// Helvetica speaks WinAnsi only: anything else is shown without accents, or as "?".
function encodable(font: PDFFont, s: string): string {
  let out = "";
  for (const ch of s) {
    try {
      font.encodeText(ch);
      out += ch;
    } catch {
      const plain = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      try {
        font.encodeText(plain);
        out += plain;
      } catch {
        out += "?";
      }
    }
  }
  return out;
}

function fit(font: PDFFont, size: number, s: string, width: number): string {
  const t = encodable(font, s);
  if (font.widthOfTextAtSize(t, size) <= width) return t;
  let cut = t;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const A4: [number, number] = [595.28, 841.89];
const COLS = [
  { title: "Classe", width: 70 },
  { title: "Nom et prénom", width: 185 },
  { title: "Identifiant", width: 170 },
  { title: "Mot de passe", width: 110 },
];

export async function credentialsPdf(list: Credential[], title: string, generatedAt = new Date()): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setProducer("Korrigo");
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  const rows = sortCredentials(list);
  const rowH = 18;
  const top = A4[1] - 110;
  const perPage = Math.floor((top - 60) / rowH);
  const pages = Math.max(1, Math.ceil(rows.length / perPage));
  const x0 = 30;
  const head = (page: PDFPage, n: number) => {
    page.drawText(encodable(bold, title), { x: x0, y: A4[1] - 50, size: 14, font: bold });
    page.drawText(
      encodable(
        regular,
        `Identifiants du portail élèves — à remettre à chaque élève. Changement du mot de passe demandé à la première connexion. Édité le ${generatedAt.toLocaleDateString("fr-FR")}.`,
      ).slice(0, 140),
      { x: x0, y: A4[1] - 70, size: 8, font: regular, color: rgb(0.3, 0.3, 0.3) },
    );
    page.drawText(`${n} / ${pages}`, { x: A4[0] - 60, y: 30, size: 8, font: regular });
    let x = x0;
    page.drawRectangle({ x: x0 - 4, y: top - 5, width: COLS.reduce((s, c) => s + c.width, 0) + 8, height: rowH, color: rgb(0.9, 0.9, 0.9) });
    for (const c of COLS) {
      page.drawText(encodable(bold, c.title), { x, y: top, size: 10, font: bold });
      x += c.width;
    }
  };
  for (let p = 0; p < pages; p++) {
    const page = pdf.addPage(A4);
    head(page, p + 1);
    rows.slice(p * perPage, (p + 1) * perPage).forEach((c, i) => {
      const y = top - (i + 1) * rowH;
      if (i % 2 === 1)
        page.drawRectangle({ x: x0 - 4, y: y - 5, width: COLS.reduce((s, c2) => s + c2.width, 0) + 8, height: rowH, color: rgb(0.97, 0.97, 0.97) });
      const cells: Array<[string, PDFFont]> = [
        [c.className ?? "", regular],
        [`${c.lastName} ${c.firstName}`, regular],
        [c.login, regular],
        [c.password, mono],
      ];
      let x = x0;
      cells.forEach(([text, font], k) => {
        page.drawText(fit(font, 9, text, COLS[k]!.width - 6), { x, y, size: 9, font });
        x += COLS[k]!.width;
      });
    });
  }
  return pdf.save();
}
